import type { CategoryCode } from '../dataset/categories.js';
import { selectTemplate, type JudgeMode, type TemplateSet } from '../scoring/judge-template.js';
import { BUILTIN_TEMPLATE_DIR, loadTemplates } from '../scoring/template-loader.js';
import type { CampaignDoc } from '../store/campaign-docs.js';

/** The judge mode a category is judged in under a campaign's config. */
export function judgeModeOf(category: CategoryCode, doc: Pick<CampaignDoc, 'config'>): JudgeMode {
  return category === 'MTG' && doc.config.judging.mtgMode === 'dimensions' ? 'mtg-dimensions' : 'score';
}

/** The built-in templates with the campaign's own directory over them. */
export function campaignTemplates(doc: Pick<CampaignDoc, 'config'>): Promise<TemplateSet> {
  const own = doc.config.judging.templates;
  return loadTemplates(own ? [BUILTIN_TEMPLATE_DIR, own] : BUILTIN_TEMPLATE_DIR);
}

/** The template version each category is judged with now. */
export async function currentTemplateVersions(doc: Pick<CampaignDoc, 'config'>, categories: readonly CategoryCode[]): Promise<Record<string, string>> {
  const set = await campaignTemplates(doc);
  return Object.fromEntries(categories.map((c) => [c, selectTemplate(set, c, doc.config.judging.language, judgeModeOf(c, doc)).version]));
}

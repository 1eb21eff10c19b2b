import type { CategoryCode } from '../dataset/categories.js';
import { judgeModeFor } from '../scoring/judge-modes/index.js';
import { templateKey } from '../scoring/judge-template.js';
import type { CampaignDoc, StoredTemplate } from '../store/campaign-docs.js';
import type { CampaignSettings } from './settings-snapshot.js';

/** The stored templates a campaign judges these categories with now (one per category, in its language and mode). */
export function currentTemplates(doc: Pick<CampaignDoc, 'config'> & Pick<CampaignSettings, 'templates'>, categories: readonly CategoryCode[]): StoredTemplate[] {
  const { judging } = doc.config;
  return [...new Set(categories)].flatMap((c) => {
    const key = templateKey(c, judging.language, judgeModeFor(c, judging).mode);
    const t = doc.templates.find((x) => x.key === key);
    return t ? [t] : [];
  });
}

/** The template version per category a campaign judges with before any refinement (category → version). */
export function baseTemplateVersions(templates: readonly StoredTemplate[]): Map<string, string> {
  return new Map(templates.map((t) => [t.key.split('/')[0]!, t.version]));
}

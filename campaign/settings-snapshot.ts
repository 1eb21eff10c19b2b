import path from 'node:path';
import type { CampaignConfig } from '../config/campaign.js';
import { valueHash } from '../lib/content-hash.js';
import type { ProviderProfile } from '../providers/profiles.js';
import { buildTemplateSet, parseJudgeTemplate, templateKey, type TemplateSet } from '../scoring/judge-template.js';
import { BUILTIN_TEMPLATE_DIR, loadTemplateFiles } from '../scoring/template-loader.js';
import type { CampaignDoc, StoredTemplate } from '../store/campaign-docs.js';

/**
 * What a campaign takes along when it starts: its provider profiles (names of key variables, never keys) and the
 * judge templates' texts, with one hash over both. Workers judge with these texts and build clients from these
 * profiles, so editing a profile or template file changes new campaigns only.
 */
export interface CampaignSettings {
  profiles: Record<string, ProviderProfile>;
  templates: StoredTemplate[];
  settingsHash: string;
}

/** The template sources a config names: the built-in directory, then its own directory (relative to the config file). */
export function templateSources(config: Pick<CampaignConfig, 'judging'>, configFile?: string): string[] {
  const own = config.judging.templates;
  if (!own) return [BUILTIN_TEMPLATE_DIR];
  return [BUILTIN_TEMPLATE_DIR, configFile && !path.isAbsolute(own) ? path.resolve(path.dirname(configFile), own) : own];
}

export async function snapshotSettings(config: Pick<CampaignConfig, 'judging'>, profiles: Record<string, ProviderProfile>, configFile?: string): Promise<CampaignSettings> {
  const files = await loadTemplateFiles(templateSources(config, configFile));
  const set = buildTemplateSet(files.map((group) => group.map((f) => parseJudgeTemplate(f.text, f.file))));
  const texts = new Map(files.flat().map((f) => [f.file, f.text]));
  const templates = [...set.values()]
    .filter((t) => t.language === config.judging.language)
    .map((t) => ({ key: templateKey(t.category, t.language, t.mode), id: t.id, version: t.version, text: texts.get(t.file)! }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return { profiles, templates, settingsHash: valueHash({ profiles, templates }).slice(0, 16) };
}

/** The template set a campaign judges with, from its stored texts. */
export function storedTemplateSet(templates: readonly StoredTemplate[]): TemplateSet {
  return buildTemplateSet([templates.map((t) => parseJudgeTemplate(t.text, `${t.id}.md`))]);
}

/** Documents written before settings were snapshotted get their snapshot now, from the files as they are. */
export async function withSettingsSnapshot(doc: CampaignDoc): Promise<CampaignDoc & CampaignSettings> {
  if (doc.templates && doc.settingsHash) return doc as CampaignDoc & CampaignSettings;
  return { ...doc, ...(await snapshotSettings(doc.config, doc.profiles, doc.configFile)) };
}

/** Clients are built per profile as snapshotted: two campaigns whose profiles share a name but differ never share one. */
export function profileHash(profile: ProviderProfile): string {
  return valueHash(profile).slice(0, 16);
}

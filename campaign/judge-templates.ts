import type { Db } from 'mongodb';
import { buildTemplateSet, parseJudgeTemplate, templateKey } from '../scoring/judge-template.js';
import { loadTemplateFiles } from '../scoring/template-loader.js';
import type { StoredTemplate } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { isDuplicateKey } from '../store/mongo.js';

/** A template file of a directory, read and checked: what a refinement judges with. */
export interface TemplateVersion extends StoredTemplate {
  category: string;
}

/**
 * Every template in a directory, parsed as a campaign would parse it (errors name the file); two templates for
 * one category/language/mode in it are refused. Nothing is stored.
 */
export async function readTemplateDir(dir: string): Promise<TemplateVersion[]> {
  const [files] = await loadTemplateFiles(dir);
  if (!files || files.length === 0) throw new Error(`${dir}: no judge template (*.md) found`);
  const parsed = files.map((f) => ({ template: parseJudgeTemplate(f.text, f.file), text: f.text }));
  buildTemplateSet([parsed.map((p) => p.template)]);
  return parsed.map(({ template: t, text }) => ({ key: templateKey(t.category, t.language, t.mode), id: t.id, version: t.version, category: t.category, text }));
}

export interface StoredTemplateVersion {
  key: string;
  id: string;
  version: string;
  /** false when this text was stored before */
  created: boolean;
}

/**
 * Stores templates as versions (by content hash) with who and why: the same text again stores nothing, and a
 * version is never edited.
 */
export async function saveTemplateVersions(db: Db, templates: readonly TemplateVersion[], meta: { author: string; reason?: string; now?: Date }): Promise<StoredTemplateVersion[]> {
  if (!meta.author.trim()) throw new Error('--author: name who refines the templates');
  const { judgeTemplates } = collections(db);
  const createdAt = meta.now ?? new Date();
  const reason = meta.reason?.trim();
  const out: StoredTemplateVersion[] = [];
  for (const t of templates) {
    const created = await judgeTemplates.insertOne({ _id: t.version, key: t.key, id: t.id, category: t.category, text: t.text, author: meta.author.trim(), ...(reason ? { reason } : {}), createdAt }).then(
      () => true,
      (err: unknown) => {
        if (isDuplicateKey(err)) return false;
        throw err;
      },
    );
    out.push({ key: t.key, id: t.id, version: t.version, created });
  }
  return out;
}

/** `refine templates`: every template of a directory, checked, then stored as versions. */
export async function storeTemplateVersions(db: Db, input: { dir: string; author: string; reason?: string; now?: Date }): Promise<StoredTemplateVersion[]> {
  return saveTemplateVersions(db, await readTemplateDir(input.dir), input);
}

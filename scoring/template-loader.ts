import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTemplateSet, parseJudgeTemplate, type JudgeTemplate, type TemplateSet } from './judge-template.js';

/** The templates shipped with medeval. */
export const BUILTIN_TEMPLATE_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

async function readSource(source: string): Promise<JudgeTemplate[]> {
  const info = await stat(source).catch((err: unknown) => {
    throw new Error(`template source ${source}: ${err instanceof Error ? err.message : String(err)}`);
  });
  const files = info.isDirectory()
    ? (await readdir(source)).filter((name) => name.endsWith('.md')).sort().map((name) => join(source, name))
    : [source];
  return Promise.all(files.map(async (file) => parseJudgeTemplate(await readFile(file, 'utf8'), file)));
}

/**
 * Loads a template set from directories (every `*.md` in them) and/or single files. Later sources override
 * earlier ones key by key, so `loadTemplates([BUILTIN_TEMPLATE_DIR, 'my-MK.en.md'])` replaces one template.
 */
export async function loadTemplates(sources: string | readonly string[] = BUILTIN_TEMPLATE_DIR): Promise<TemplateSet> {
  const list = typeof sources === 'string' ? [sources] : sources;
  return buildTemplateSet(await Promise.all(list.map(readSource)));
}

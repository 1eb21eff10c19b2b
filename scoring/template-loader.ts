import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTemplateSet, parseJudgeTemplate, type TemplateSet } from './judge-template.js';

/** The templates shipped with medeval (beside this file in the sources; copied beside it into dist/ by the build). */
export const BUILTIN_TEMPLATE_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

export interface TemplateFile {
  file: string;
  text: string;
}

async function readSource(source: string): Promise<TemplateFile[]> {
  const info = await stat(source).catch((err: unknown) => {
    throw new Error(`template source ${source}: ${err instanceof Error ? err.message : String(err)}`);
  });
  const files = info.isDirectory()
    ? (await readdir(source)).filter((name) => name.endsWith('.md')).sort().map((name) => join(source, name))
    : [source];
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
}

/** The template files of each source, as text (for campaigns, which store the texts they judge with). */
export function loadTemplateFiles(sources: string | readonly string[]): Promise<TemplateFile[][]> {
  return Promise.all((typeof sources === 'string' ? [sources] : sources).map(readSource));
}

/**
 * Loads a template set from directories (every `*.md` in them) and/or single files. Later sources override
 * earlier ones key by key, so `loadTemplates([BUILTIN_TEMPLATE_DIR, 'my-MK.en.md'])` replaces one template.
 */
export async function loadTemplates(sources: string | readonly string[] = BUILTIN_TEMPLATE_DIR): Promise<TemplateSet> {
  const groups = await loadTemplateFiles(sources);
  return buildTemplateSet(groups.map((group) => group.map((f) => parseJudgeTemplate(f.text, f.file))));
}

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUILTIN_TEMPLATE_DIR } from '../../scoring/template-loader.js';

/** The MK template with one more instruction, written into `dir`: a new version (another content hash), which the fake judge scores differently. */
export function changedMkTemplates(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const text = readFileSync(path.join(BUILTIN_TEMPLATE_DIR, 'judge-MK.zh.md'), 'utf8').replace('<!-- user -->', '请特别注意核心需求是否全部满足。\n<!-- user -->');
  writeFileSync(path.join(dir, 'judge-MK.zh.md'), text);
  return dir;
}

import { parseChecklist } from './checklist.js';

const MAX_CHARS = 20_000;

/**
 * A refined checklist as a judge will read it: the text with its line ends made plain, refused (naming the file)
 * when it is empty, too long, or has no item the parser can find, since a judge would then score against nothing.
 */
export function checkRefinedChecklist(text: string, file: string): string {
  const plain = text.replace(/\r\n?/g, '\n').trim();
  if (plain === '') throw new Error(`${file}: the checklist is empty`);
  if (plain.length > MAX_CHARS) throw new Error(`${file}: the checklist has ${plain.length} characters, more than ${MAX_CHARS}`);
  const parsed = parseChecklist(plain);
  if (parsed.core.length + parsed.secondary.length + parsed.unsectioned.length === 0) throw new Error(`${file}: no checklist item found (expected sections such as 核心需求： / 次要需求： with numbered items)`);
  return plain;
}

import { readFile } from 'node:fs/promises';
import { parseJsonText } from './json-text.js';

/**
 * Parses an LLMEval-Med style JSON file as Python's json module would: strict JSON plus the bare `NaN` tokens
 * that pandas writes for empty cells (the public file has 251 of them).
 */
export function parseSeedJson(text: string, file: string): unknown {
  return parseJsonText(text, file).value;
}

export async function readSeedJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  return parseSeedJson(text, file);
}

import { readFile } from 'node:fs/promises';
import JSON5 from 'json5';

/**
 * Parses an LLMEval-Med style JSON file. The public files were written by pandas and contain bare `NaN`
 * (invalid in strict JSON), so strict JSON is tried first and JSON5, which accepts NaN, second.
 */
export function parseSeedJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (strictError) {
    try {
      return JSON5.parse(text);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`${file}: not valid JSON (${reason})`, { cause: strictError });
    }
  }
}

export async function readSeedJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  return parseSeedJson(text, file);
}

import { readFile } from 'node:fs/promises';
import { parseSeedJson } from './read-json.js';
import { summarize } from './summary.js';
import { validateDataset, type ValidationResult } from './validate.js';

/** Reads and validates one file; a file that cannot be read or parsed becomes a single whole-file problem. */
export async function validateDatasetFile(file: string): Promise<ValidationResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return unreadable(file, `cannot read file (${readErrorReason(err)})`);
  }
  let data: unknown;
  try {
    data = parseSeedJson(text, file);
  } catch (err) {
    // the reader's message already starts with the file name, which the problem carries separately
    const message = err instanceof Error ? err.message : String(err);
    return unreadable(file, message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message);
  }
  return validateDataset(data, file);
}

function unreadable(file: string, message: string): ValidationResult {
  return { questions: [], problems: [{ file, message }], summary: summarize([]) };
}

function readErrorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

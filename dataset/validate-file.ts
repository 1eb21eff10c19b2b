import { readFile } from 'node:fs/promises';
import { parseJsonText, type JsonText } from './json-text.js';
import type { Problem } from './problem.js';
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
  let json: JsonText;
  try {
    json = parseJsonText(text, file);
  } catch (err) {
    // the reader's message already starts with the file name, which the problem carries separately
    const message = err instanceof Error ? err.message : String(err);
    return unreadable(file, message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message);
  }
  const result = validateDataset(json.value, file);
  return { ...result, problems: [...json.duplicates.map((d) => duplicateProblem(file, d)), ...result.problems] };
}

/** A key given twice would silently keep only the last value (a whole category, or a field), so it is refused. */
function duplicateProblem(file: string, d: JsonText['duplicates'][number]): Problem {
  const what = d.path === '(top level)' ? `category "${d.key}"` : `key "${d.key}" in ${d.path}`;
  return { file, message: `${what} is given twice (lines ${d.firstLine} and ${d.line}); only the last would be read` };
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

/**
 * One thing wrong with a dataset file. Every location field is optional because problems range from the whole
 * file (not JSON) over a category list (empty) and a conversation (round gap) down to one field of one item.
 */
export interface Problem {
  file: string;
  /** the category key exactly as written in the file */
  category?: string;
  /** position of the item in its category's list */
  index?: number;
  groupCode?: number | string;
  round?: number | string;
  field?: string;
  message: string;
}

/** One readable line, e.g. `sample.json: 医疗知识[3] (groupCode 5, round 2) field "round": must be …`. */
export function formatProblem(problem: Problem): string {
  let where = problem.category ?? '';
  if (problem.index !== undefined) where += `[${problem.index}]`;
  const context = [
    problem.groupCode !== undefined ? `groupCode ${describeValue(problem.groupCode)}` : undefined,
    problem.round !== undefined ? `round ${describeValue(problem.round)}` : undefined,
  ].filter((part) => part !== undefined);
  if (context.length > 0) where += ` (${context.join(', ')})`;
  if (problem.field !== undefined) where += ` field "${problem.field}"`;
  where = where.trimStart();
  return where === '' ? `${problem.file}: ${problem.message}` : `${problem.file}: ${where}: ${problem.message}`;
}

const MAX_SHOWN = 40;

/** A value as it would read in the file, cut short so that one problem stays one line. */
export function describeValue(value: unknown): string {
  // JSON.stringify would print NaN and Infinity as null
  const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

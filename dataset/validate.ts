import { CATEGORIES, type CategoryCode } from './categories.js';
import { checkItemFields, type ItemFields } from './item-fields.js';
import { describeValue, type Problem } from './problem.js';
import { conversationId, questionId, type Question, type SeedItem } from './schema.js';
import { summarize, type DatasetSummary } from './summary.js';

export interface ValidationResult {
  /** the items that passed every check; a file with problems still yields its good questions */
  questions: Question[];
  problems: Problem[];
  /** counts of `questions` */
  summary: DatasetSummary;
}

/** category1 values other than the key itself that the public file uses (all its MLU items say 一般语言理解). */
const CATEGORY1_ALIASES: Partial<Record<CategoryCode, readonly string[]>> = { MLU: ['一般语言理解'] };

/**
 * Checks a parsed LLMEval-Med file (an object keyed by Chinese category name, each a list of items) and turns the
 * valid items into questions. Reports every problem rather than stopping at the first, so one run fixes a file.
 */
export function validateDataset(data: unknown, file: string): ValidationResult {
  const problems: Problem[] = [];
  const questions: Question[] = [];
  if (!isPlainObject(data)) {
    problems.push({ file, message: `must be an object mapping category names to lists of items, got ${kindOf(data)}` });
  } else if (Object.keys(data).length === 0) {
    problems.push({ file, message: 'contains no categories' });
  } else {
    for (const [name, items] of Object.entries(data)) {
      const category = CATEGORIES.find((c) => c.name === name);
      if (!category) {
        const known = CATEGORIES.map((c) => c.name).join(', ');
        problems.push({ file, category: name, message: `unknown category; expected one of ${known}` });
      } else if (!Array.isArray(items)) {
        problems.push({ file, category: name, message: `must be a list of items, got ${kindOf(items)}` });
      } else if (items.length === 0) {
        problems.push({ file, category: name, message: 'has no items' });
      } else {
        const checked = validateCategory(items, category.code, name, file);
        questions.push(...checked.questions);
        problems.push(...checked.problems);
      }
    }
  }
  return { questions, problems, summary: summarize(questions) };
}

function validateCategory(items: unknown[], code: CategoryCode, name: string, file: string) {
  const problems: Problem[] = [];
  const questions: Question[] = [];
  const indexById = new Map<string, number>();
  // conversations with an item that failed its own checks: their round sequence would report a misleading gap
  const incomplete = new Set<string>();
  const allowedCategory1 = [name, ...(CATEGORY1_ALIASES[code] ?? [])];

  items.forEach((item, index) => {
    if (!isPlainObject(item)) {
      problems.push({ file, category: name, index, message: `must be an object, got ${kindOf(item)}` });
      return;
    }
    const at = { file, category: name, index, ...locate(item) };
    const itemProblems: Problem[] = [];
    const check = checkItemFields(item);
    if (!check.ok) itemProblems.push(...check.issues.map((issue) => ({ ...at, ...issue })));
    if (typeof item.category1 === 'string' && !allowedCategory1.includes(item.category1)) {
      const expected = `${allowedCategory1.join(' or ')} (the category it is listed under)`;
      itemProblems.push({ ...at, field: 'category1', message: `must be ${expected}, got ${describeValue(item.category1)}` });
    }
    if (check.ok) {
      const { fields } = check;
      if (!hasGradingBasis(fields)) {
        const message = 'has no reference answer and the item has no checklist, so nothing to grade against';
        itemProblems.push({ ...at, field: 'sanswer', message });
      }
      const id = questionId(code, fields.groupCode, fields.round);
      const earlier = indexById.get(id);
      if (earlier !== undefined) {
        const message = `duplicate (groupCode, round): same as ${name}[${earlier}]`;
        itemProblems.push({ ...at, field: 'round', message });
      } else {
        indexById.set(id, index);
      }
      if (itemProblems.length === 0) questions.push(toQuestion(fields, code, index, item as SeedItem));
    }
    if (itemProblems.length > 0 && at.groupCode !== undefined) incomplete.add(conversationId(code, at.groupCode));
    problems.push(...itemProblems);
  });

  problems.push(...roundGaps(questions, incomplete, name, file));
  return { questions, problems };
}

/** Rounds of one conversation must be exactly 1..n: a missing round would leave the model without its context. */
function roundGaps(questions: Question[], incomplete: Set<string>, name: string, file: string): Problem[] {
  const rounds = new Map<string, { groupCode: number | string; rounds: number[] }>();
  for (const q of questions) {
    const id = conversationId(q.category, q.groupCode);
    const entry = rounds.get(id) ?? { groupCode: q.groupCode, rounds: [] };
    entry.rounds.push(q.round);
    rounds.set(id, entry);
  }
  const problems: Problem[] = [];
  for (const [id, { groupCode, rounds: list }] of rounds) {
    if (incomplete.has(id)) continue;
    const sorted = [...list].sort((a, b) => a - b);
    if (sorted.some((round, i) => round !== i + 1)) {
      const message = `conversation rounds must run 1..${sorted.length} without gaps, got ${sorted.join(', ')}`;
      problems.push({ file, category: name, groupCode, field: 'round', message });
    }
  }
  return problems;
}

function hasGradingBasis(fields: ItemFields): boolean {
  const { sanswer } = fields;
  const hasAnswer = typeof sanswer === 'number' ? !Number.isNaN(sanswer) : (sanswer ?? '').trim() !== '';
  const hasChecklist = typeof fields.checklist === 'string' && fields.checklist.trim() !== '';
  return hasAnswer || hasChecklist;
}

function toQuestion(fields: ItemFields, category: CategoryCode, index: number, source: SeedItem): Question {
  const question: Question = {
    id: questionId(category, fields.groupCode, fields.round),
    category,
    groupCode: fields.groupCode,
    round: fields.round,
    category2: fields.category2,
    scene: fields.scene,
    problem: fields.problem,
    sanswer: referenceAnswer(fields.sanswer),
    checklist: typeof fields.checklist === 'string' ? fields.checklist : null,
    index,
    source,
  };
  if (fields.difficulty !== undefined) question.difficulty = fields.difficulty;
  return question;
}

/** '' when the file has none (NaN/null): such items are graded by their checklist alone. */
function referenceAnswer(sanswer: ItemFields['sanswer']): string {
  if (typeof sanswer === 'string') return sanswer;
  return sanswer === null || Number.isNaN(sanswer) ? '' : String(sanswer);
}

/** groupCode and round as written, for locating a problem even when they are themselves malformed. */
function locate(item: Record<string, unknown>): Pick<Problem, 'groupCode' | 'round'> {
  const at: Pick<Problem, 'groupCode' | 'round'> = {};
  if (typeof item.groupCode === 'number' || typeof item.groupCode === 'string') at.groupCode = item.groupCode;
  if (typeof item.round === 'number' || typeof item.round === 'string') at.round = item.round;
  return at;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : describeValue(value);
}

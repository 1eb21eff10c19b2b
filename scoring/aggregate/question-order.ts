import { CATEGORY_CODES } from '../../dataset/categories.js';
import type { QuestionMeta } from '../score-record.js';

/** The paper's order of the five categories; other categories (from scored files) follow, by name. */
export function compareCategories(a: string, b: string): number {
  const rank = (c: string) => {
    const i = (CATEGORY_CODES as readonly string[]).indexOf(c);
    return i === -1 ? CATEGORY_CODES.length : i;
  };
  return rank(a) - rank(b) || (rank(a) === CATEGORY_CODES.length ? a.localeCompare(b) : 0);
}

function compareRounds(a: number | string, b: number | string): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en', { numeric: true });
}

function compareGroupCodes(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

/** Dataset order: category as in the paper's table, then conversation, then turn. Results never depend on input order. */
export function compareQuestions(a: QuestionMeta, b: QuestionMeta): number {
  return (
    compareCategories(a.category, b.category) ||
    compareGroupCodes(a.groupCode, b.groupCode) ||
    compareRounds(a.round, b.round) ||
    a.id.localeCompare(b.id)
  );
}

import { CATEGORY_CODES } from '../../dataset/categories.js';
import type { QuestionMeta } from '../score-record.js';

function compareGroupCodes(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

/** Dataset order: category as in the paper's table, then conversation, then turn. Results never depend on input order. */
export function compareQuestions(a: QuestionMeta, b: QuestionMeta): number {
  return (
    CATEGORY_CODES.indexOf(a.category) - CATEGORY_CODES.indexOf(b.category) ||
    compareGroupCodes(a.groupCode, b.groupCode) ||
    a.round - b.round ||
    a.id.localeCompare(b.id)
  );
}

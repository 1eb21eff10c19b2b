import type { CategoryCode } from './categories.js';

export type Difficulty = '易' | '中' | '难';

/**
 * One item as it stands in an LLMEval-Med file (the object keyed by category name, each a list of these).
 * `checklist` is NaN in the public file where pandas wrote an empty cell; `model_answer*` fields appear in the
 * seed repository's answer and scored files.
 */
export interface SeedItem {
  category1: string;
  category2: string;
  scene: string;
  round: number;
  problem: string;
  groupCode: number | string;
  sanswer: string;
  difficulty?: string;
  checklist?: string | number | null;
  [extra: string]: unknown;
}

export type SeedFile = Record<string, SeedItem[]>;

/** A validated question. Identified by (category, groupCode, round); rounds of one group form a conversation. */
export interface Question {
  id: string;
  category: CategoryCode;
  groupCode: number | string;
  round: number;
  category2: string;
  scene: string;
  problem: string;
  /** reference answer; '' when the file has none (NaN on some MTG items, which are graded by checklist alone) */
  sanswer: string;
  difficulty?: Difficulty;
  /** null when the question has no checklist (absent or NaN in the file). */
  checklist: string | null;
  /** position in the file's category list, kept so that export writes the file back in its own order */
  index: number;
  /** the exact item as read (minus nothing), so export can round-trip fields this project does not model */
  source: SeedItem;
}

export function questionId(category: CategoryCode, groupCode: number | string, round: number): string {
  return `${category}-${groupCode}-${round}`;
}

export function conversationId(category: CategoryCode, groupCode: number | string): string {
  return `${category}-${groupCode}`;
}

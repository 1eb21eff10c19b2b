import { CATEGORY_CODES, categoryNameOf } from '../../dataset/categories.js';
import type { Question, SeedFile, SeedItem } from '../../dataset/schema.js';

/** What one scored item says about one answer: Evaluate.py's three fields. */
export interface ScoredCell {
  answer: string;
  /** the parsed score; -1 for a judgement without a valid score; '' where the call failed or never ran */
  score: number | '';
  /** the judge's raw text */
  judgement: string;
}

/**
 * One scored file in the LLMEval-Med repository's format: every question in the dataset's own order, each item as
 * imported (NaN cells stay NaN when written with serializeSeedFile) plus the three fields Evaluate.py adds.
 * A question without a cell gets empty fields, so Aggregate.py still counts it, as not usable.
 */
export function scoredSeedFile(questions: readonly Question[], cells: ReadonlyMap<string, ScoredCell>): SeedFile {
  const ordered = [...questions].sort((a, b) => CATEGORY_CODES.indexOf(a.category) - CATEGORY_CODES.indexOf(b.category) || a.index - b.index);
  const file: SeedFile = {};
  for (const q of ordered) {
    const cell = cells.get(q.id);
    const item: SeedItem = {
      ...q.source,
      model_answer: cell?.answer ?? '',
      model_answer_score: cell?.score ?? '',
      model_answer_judgement: cell?.judgement ?? '',
    };
    (file[categoryNameOf(q.category)] ??= []).push(item);
  }
  return file;
}

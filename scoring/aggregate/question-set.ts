import type { QuestionMeta, ScoreRecord } from '../score-record.js';
import { compareQuestions } from './question-order.js';

function metaOf(record: ScoreRecord): QuestionMeta {
  const { questionId: id, category, groupCode, round, category2, scene, difficulty } = record;
  return { id, category, groupCode, round, category2, scene, difficulty };
}

/**
 * The questions a score is reported over: the dataset's when given (so unanswered questions count as not usable),
 * otherwise every question some record mentions. A record for a question outside the given dataset is an error,
 * since it would silently drop out of every denominator.
 */
export function questionSet(records: readonly ScoreRecord[], dataset?: readonly QuestionMeta[]): QuestionMeta[] {
  if (dataset) {
    const ids = new Set(dataset.map((q) => q.id));
    const stray = records.find((r) => !ids.has(r.questionId));
    if (stray) throw new Error(`record of model ${stray.model} is for question ${stray.questionId}, which is not in the dataset`);
    return [...dataset].sort(compareQuestions);
  }
  const byId = new Map<string, QuestionMeta>();
  for (const record of records) if (!byId.has(record.questionId)) byId.set(record.questionId, metaOf(record));
  return [...byId.values()].sort(compareQuestions);
}

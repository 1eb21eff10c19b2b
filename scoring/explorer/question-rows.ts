import { exactMean } from '../exact-mean.js';
import { applyPanelRule, type PanelRule } from '../judge-panel.js';
import { meanScores } from '../aggregate/usability.js';
import { judgesDisagree, scoreBand } from '../sampling/bands.js';
import { isFailedCall, type QuestionMeta, type ScoreRecord } from '../score-record.js';
import type { CategoryCounts, ModelCell, QuestionRow } from './summary-types.js';

export interface QuestionRowsInput {
  questions: readonly (QuestionMeta & { problem: string })[];
  /** the verdicts that count (scoring/judging-version.ts `selectCurrentRecords`) */
  records: readonly ScoreRecord[];
  models: readonly string[];
  threshold: (q: QuestionMeta) => number;
  panelRule?: PanelRule;
  /** answers whose generation failed */
  failedAnswers: readonly { questionId: string; model: string }[];
  /** physicians' blind first reviews */
  reviews: readonly { questionId: string; model: string; sample: number; usable: boolean }[];
}

/** How long a list row's question text is (search reads the same). */
export const PROBLEM_CHARS = 400;

const cellKey = (questionId: string, model: string) => JSON.stringify([questionId, model]);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Each question's row: per model the mean, usable (the report's rule: the exact mean of the valid scores, after the
 * panel rule, against the category's threshold), band, counts and the flags the explorer filters on. Pure.
 */
export function questionRows(input: QuestionRowsInput): QuestionRow[] {
  const byCell = new Map<string, ScoreRecord[]>();
  for (const r of input.records) push(byCell, cellKey(r.questionId, r.model), r);
  const failedAnswers = new Map<string, number>();
  for (const f of input.failedAnswers) failedAnswers.set(cellKey(f.questionId, f.model), (failedAnswers.get(cellKey(f.questionId, f.model)) ?? 0) + 1);
  const reviews = new Map<string, QuestionRowsInput['reviews'][number][]>();
  for (const r of input.reviews) push(reviews, cellKey(r.questionId, r.model), r);

  return input.questions.map((q) => {
    const threshold = input.threshold(q);
    const cells = input.models.map((model): ModelCell => {
      const raw = byCell.get(cellKey(q.id, model)) ?? [];
      const records = input.panelRule ? applyPanelRule(raw, input.panelRule) : raw;
      const mean = meanScores(records, () => q.id).get(q.id) ?? null;
      const bySample = new Map<number, number[]>();
      for (const r of raw) {
        if (!bySample.has(r.sample)) bySample.set(r.sample, []);
        if (r.score !== null) bySample.get(r.sample)!.push(r.score);
      }
      const judgeUsable = (sample: number) => {
        const scores = bySample.get(sample) ?? [];
        return scores.length === 0 ? null : exactMean(scores) >= threshold;
      };
      const cellReviews = reviews.get(cellKey(q.id, model)) ?? [];
      const validScores = records.flatMap((r) => (r.score === null ? [] : [r.score]));
      return {
        mean,
        usable: mean !== null && mean >= threshold,
        band: scoreBand(validScores, threshold),
        judged: raw.length,
        invalid: raw.filter((r) => r.score === null && !isFailedCall(r)).length,
        failed: raw.filter(isFailedCall).length + (failedAnswers.get(cellKey(q.id, model)) ?? 0),
        flip: [...bySample.values()].some((scores) => judgesDisagree(scores, threshold)),
        reviews: cellReviews.length,
        disagree: cellReviews.some((r) => {
          const judge = judgeUsable(r.sample);
          return judge !== null && judge !== r.usable;
        }),
      };
    });
    return { id: q.id, category: q.category, problem: q.problem.slice(0, PROBLEM_CHARS), cells };
  });
}

/** Per category: how many questions have each flag for any model. */
export function categoryCounts(rows: readonly QuestionRow[]): Record<string, CategoryCounts> {
  const counts: Record<string, CategoryCounts> = {};
  for (const row of rows) {
    const c = (counts[row.category] ??= { questions: 0, flips: 0, disagreements: 0, invalid: 0, failed: 0 });
    c.questions++;
    if (row.cells.some((m) => m.flip)) c.flips++;
    if (row.cells.some((m) => m.disagree)) c.disagreements++;
    if (row.cells.some((m) => m.invalid > 0)) c.invalid++;
    if (row.cells.some((m) => m.failed > 0)) c.failed++;
  }
  return counts;
}

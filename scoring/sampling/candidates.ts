import { judgeModeFor } from '../judge-modes/index.js';
import type { JudgingChoice } from '../judge-modes/judge-mode.js';
import type { ScoreRecord } from '../score-record.js';
import type { SamplingCandidate } from './types.js';

/** The id of one answer under review: the model's sample for a question, as the campaign keys it. */
export const answerIdOf = (r: Pick<ScoreRecord, 'model' | 'questionId' | 'sample'>): string => `${r.model}/${r.questionId}/${r.sample}`;

/**
 * Every judged answer as a sampling candidate: its valid scores over all judges and rounds, on its category's
 * scale and threshold (MTG in dimensions mode: 0–7, usable at 5; otherwise 0–5 at the campaign's threshold).
 */
export function reviewCandidates(records: readonly ScoreRecord[], judging: JudgingChoice, threshold: number): SamplingCandidate[] {
  const byAnswer = new Map<string, SamplingCandidate & { judgeScores: number[] }>();
  for (const r of records) {
    const id = answerIdOf(r);
    let c = byAnswer.get(id);
    if (!c) {
      const mode = judgeModeFor(r.category, judging);
      c = { answerId: id, category: r.category, model: r.model, judgeScores: [], scaleMax: mode.scale.max, threshold: mode.usableThreshold ?? threshold };
      byAnswer.set(id, c);
    }
    if (r.score !== null) c.judgeScores.push(r.score);
  }
  return [...byAnswer.values()];
}

import { exactMean } from '../exact-mean.js';
import type { QuestionMeta, ScoreRecord } from '../score-record.js';

/** Counts over a set of questions (or responses). `usability` is a percentage 0–100, unrounded. */
export interface UsabilityCell {
  questions: number;
  usable: number;
  /** questions without a single valid score: counted as not usable, reported apart */
  noValidScore: number;
  usability: number;
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Mean of the valid scores of each group of records, exact as Python's statistics.mean (which Aggregate.py uses)
 * and so independent of record order; null for a group with no valid score.
 */
export function meanScores<K>(records: readonly ScoreRecord[], keyOf: (r: ScoreRecord) => K): Map<K, number | null> {
  const groups = new Map<K, number[]>();
  for (const record of records) {
    const key = keyOf(record);
    const scores = groups.get(key) ?? [];
    if (record.score !== null) scores.push(record.score);
    groups.set(key, scores);
  }
  return new Map([...groups].map(([key, scores]) => [key, scores.length > 0 ? exactMean(scores) : null]));
}

export type Threshold = (question: QuestionMeta) => number;

/** Whether each question is usable: its mean score reaches the threshold. No score at all is not usable. */
export function usableByQuestion(questions: readonly QuestionMeta[], means: ReadonlyMap<string, number | null>, threshold: Threshold): boolean[] {
  return questions.map((q) => {
    const m = means.get(q.id) ?? null;
    return m !== null && m >= threshold(q);
  });
}

export function usabilityCell(questions: readonly QuestionMeta[], means: ReadonlyMap<string, number | null>, threshold: Threshold): UsabilityCell {
  const usable = usableByQuestion(questions, means, threshold).filter(Boolean).length;
  const noValidScore = questions.filter((q) => (means.get(q.id) ?? null) === null).length;
  return { questions: questions.length, usable, noValidScore, usability: questions.length === 0 ? 0 : (usable / questions.length) * 100 };
}

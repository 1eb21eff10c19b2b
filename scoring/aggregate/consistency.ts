import { krippendorffAlphaInterval } from '../krippendorff.js';
import type { QuestionMeta, ScoreRecord } from '../score-record.js';
import { mean, meanScores, type Threshold } from './usability.js';

export interface JudgeConsistency {
  /** answers (question × sample × judge) with valid scores from at least two judge rounds */
  answersCompared: number;
  /** mean over those answers of the population standard deviation of their scores across rounds; null if none */
  meanStdDev: number | null;
  /** questions with a usable/not-usable decision from at least two judge rounds of one judge */
  questionsCompared: number;
  /** of those, questions whose decision differs between rounds */
  flipped: number;
  /** flipped / questionsCompared × 100; null if none compared */
  flipRate: number | null;
}

export interface JudgeAgreement {
  judges: string[];
  /** answers scored by at least two judges */
  answersCompared: number;
  /** Krippendorff's alpha (interval) over per-judge mean scores; null when undefined */
  alpha: number | null;
}

const judgeOf = (r: ScoreRecord): string => r.judge ?? '';

function populationStdDev(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
}

/** How far a judge agrees with itself when it grades the same answers again (records of one model). */
export function judgeConsistency(records: readonly ScoreRecord[], questions: ReadonlyMap<string, QuestionMeta>, threshold: Threshold): JudgeConsistency {
  const byAnswer = new Map<string, number[]>();
  for (const r of records) {
    if (r.score === null) continue;
    const key = JSON.stringify([r.questionId, r.sample, judgeOf(r)]);
    byAnswer.set(key, [...(byAnswer.get(key) ?? []), r.score]);
  }
  // sorted so that float sums, and so the result, do not depend on record order
  const spreads = [...byAnswer.values()]
    .filter((s) => s.length >= 2)
    .map((s) => populationStdDev(s.sort((a, b) => a - b)))
    .sort((a, b) => a - b);

  // Per judge round, the question's mean over samples decides usability; a question flips when one judge's rounds disagree.
  const roundMeans = meanScores(records, (r) => JSON.stringify([r.questionId, judgeOf(r), r.judgeRound]));
  const decisions = new Map<string, Map<string, boolean[]>>();
  for (const [key, m] of roundMeans) {
    if (m === null) continue;
    const [questionId, judge] = JSON.parse(key) as [string, string, number];
    const perJudge = decisions.get(questionId) ?? new Map<string, boolean[]>();
    perJudge.set(judge, [...(perJudge.get(judge) ?? []), m >= threshold(questions.get(questionId)!)]);
    decisions.set(questionId, perJudge);
  }
  let compared = 0;
  let flipped = 0;
  for (const perJudge of decisions.values()) {
    const repeated = [...perJudge.values()].filter((rounds) => rounds.length >= 2);
    if (repeated.length === 0) continue;
    compared++;
    if (repeated.some((rounds) => new Set(rounds).size > 1)) flipped++;
  }
  return {
    answersCompared: spreads.length,
    meanStdDev: spreads.length > 0 ? mean(spreads) : null,
    questionsCompared: compared,
    flipped,
    flipRate: compared > 0 ? (flipped / compared) * 100 : null,
  };
}

/** Agreement between different judges on the same answers, when a panel was used (two or more judges). */
export function judgeAgreement(records: readonly ScoreRecord[]): JudgeAgreement | undefined {
  const judges = [...new Set(records.filter((r) => r.judge !== undefined).map(judgeOf))].sort();
  if (judges.length < 2) return undefined;
  const means = meanScores(records, (r) => JSON.stringify([r.questionId, r.sample, judgeOf(r)]));
  const answers = [...new Set(records.map((r) => JSON.stringify([r.questionId, r.sample])))].sort();
  const units = answers.map((answer) => {
    const [questionId, sample] = JSON.parse(answer) as [string, number];
    return judges.map((judge) => means.get(JSON.stringify([questionId, sample, judge])) ?? null);
  });
  return {
    judges,
    answersCompared: units.filter((u) => u.filter((v) => v !== null).length >= 2).length,
    alpha: krippendorffAlphaInterval(units),
  };
}

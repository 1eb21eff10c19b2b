import { horvitzThompsonMean } from '../sampling/horvitz-thompson.js';
import { normalQuantile } from './normal.js';

/**
 * Prediction-powered inference (Angelopoulos et al. 2023, Science 382) of a category's usability rate (0–1): the
 * judge labels every question, physicians a sample, and the sample corrects the judge's bias.
 *
 *   θ̂ = f̄ + Δ̂,  f̄ = (1/N) Σ_all f_i,  Δ̂ = (1/N) Σ_sample (h_i − f_i) / π_i  (Horvitz–Thompson)
 *
 * f_i is the judge's decision (1 usable, 0 not), h_i the physicians' (1/0, or the share of reviewers saying usable),
 * π_i the answer's inclusion probability in the review sample. Interval θ̂ ± z·SE, SE² = V_f + V_Δ:
 * - V_f = s²_f / N, the sample variance of the judge's decisions over the N questions;
 * - V_Δ = Σ (z_i − Δ̂)² / (n (n − 1)) with z_i = n (h_i − f_i) / (N π_i), the with-replacement approximation of the
 *   Horvitz–Thompson variance (Särndal, Swensson & Wretman 1992, §2.9); with equal π it is s²_Δ / n, PPI's term.
 * As in PPI the two parts are treated as independent; here the sample is drawn from the N questions, so this ignores
 * their covariance and the finite-population correction, which matter only when the sample is a large share of N.
 * The interval is not clipped to [0, 1]. Standard error and interval are null with fewer than two reviewed answers.
 */
export interface PpiReviewed {
  judge: number;
  human: number;
  inclusionProbability: number;
}

export interface PpiEstimate {
  /** questions (N) and reviewed answers (n) */
  questions: number;
  reviewed: number;
  judgeRate: number;
  /** Δ̂, the estimated mean of human − judge over all questions */
  correction: number;
  estimate: number;
  standardError: number | null;
  low: number | null;
  high: number | null;
}

export function ppiUsabilityRate(judgeDecisions: readonly number[], reviewed: readonly PpiReviewed[], level = 0.95): PpiEstimate {
  const N = judgeDecisions.length;
  const n = reviewed.length;
  if (N === 0) throw new Error('prediction-powered estimate: no questions');
  if (n > N) throw new Error(`prediction-powered estimate: ${n} reviewed answers but only ${N} questions`);
  for (const v of [...judgeDecisions, ...reviewed.flatMap((r) => [r.judge, r.human])]) {
    if (!(v >= 0 && v <= 1)) throw new Error(`prediction-powered estimate: decisions must be in [0, 1], got ${v}`);
  }
  const judgeRate = judgeDecisions.reduce((a, b) => a + b, 0) / N;
  const correction = horvitzThompsonMean(reviewed.map((r) => ({ value: r.human - r.judge, inclusionProbability: r.inclusionProbability })), N);
  const estimate = judgeRate + correction;
  if (n < 2) return { questions: N, reviewed: n, judgeRate, correction, estimate, standardError: null, low: null, high: null };
  const judgeVariance = N < 2 ? 0 : judgeDecisions.reduce((sum, f) => sum + (f - judgeRate) ** 2, 0) / (N - 1) / N;
  const z = reviewed.map((r) => (n * (r.human - r.judge)) / (N * r.inclusionProbability));
  const correctionVariance = z.reduce((sum, zi) => sum + (zi - correction) ** 2, 0) / (n * (n - 1));
  const standardError = Math.sqrt(judgeVariance + correctionVariance);
  const half = normalQuantile(1 - (1 - level) / 2) * standardError;
  return { questions: N, reviewed: n, judgeRate, correction, estimate, standardError, low: estimate - half, high: estimate + half };
}

/** One answer that may be sent to physicians: a model's answer to a question (one sample), with its judge scores. */
export interface SamplingCandidate {
  /** unique across the candidates */
  answerId: string;
  /** MK, MR, MLU, MSE or MTG (any other code is kept as given) */
  category: string;
  model: string;
  /** the valid judge scores over all judge rounds; empty when the judges gave no valid score */
  judgeScores: readonly number[];
  /** top of the judge scale: 5, or 7 for MTG in dimensions mode */
  scaleMax: number;
  /** usable at mean ≥ threshold: 4, or 5 for MTG in dimensions mode */
  threshold: number;
}

export interface SamplingOptions {
  /** total number of answers to review (N) */
  size: number;
  seed: number;
  /** reviewers per answer (k); default 2 */
  perItem?: number;
  /** share of `size` drawn as a uniform audit slice from the answers the strata did not choose; default 0.1 */
  auditShare?: number;
  /** over-sampling factor of the `near` band; default 2 */
  nearThresholdWeight?: number;
  /** over-sampling factor of answers whose judge rounds disagree; default 2 */
  disagreementWeight?: number;
  /** explicit sizes for some strata (by stratum key); the other strata share the rest of the stratified part */
  strataSizes?: Readonly<Record<string, number>>;
}

/** Where an answer's mean judge score lies relative to its threshold; `none` when it has no valid score. */
export type ScoreBand = 'none' | 'low' | 'near' | 'high';

/** Why an answer is in the sample; see README for the precedence. */
export type SampleReason = 'stratified' | 'near-threshold' | 'judge-disagreement' | 'audit';

export interface SampledItem {
  answerId: string;
  stratum: string;
  reason: SampleReason;
  /** the answer's first-order inclusion probability under the whole design (strata and audit); weight 1/π */
  inclusionProbability: number;
}

export interface StratumSummary {
  stratum: string;
  category: string;
  model: string;
  band: ScoreBand;
  disagreement: boolean;
  /** the allocation weight (near-threshold × disagreement factors) */
  weight: number;
  /** N_h: candidates in the stratum */
  population: number;
  /** n_h: drawn by the stratum's own simple random sample */
  sampled: number;
  /** drawn from this stratum by the audit slice */
  audited: number;
  /** π of every answer in the stratum */
  inclusionProbability: number;
}

export interface ReviewSample {
  /** sorted by answerId */
  items: SampledItem[];
  /** sorted by stratum key */
  strata: StratumSummary[];
  /** the audit slice: a simple random sample of `size` from the `population` answers no stratum chose */
  audit: { population: number; size: number };
  /** reviewers per answer, for the assignment */
  perItem: number;
  /** what the sampler did that the caller should know (size capped, audit topped up) */
  notes: string[];
}

import type { SampleReason, StratumSummary } from '../scoring/sampling/types.js';

/** A physicians' review of one campaign's sample: its design, so the sample can be drawn again and weighted. */
export interface ReviewDoc {
  _id: string;
  campaignId: string;
  status: 'open' | 'complete' | 'incomplete';
  createdAt: Date;
  design: { size: number; perItem: number; seed: number; auditShare?: number };
  strata: StratumSummary[];
  audit: { population: number; size: number };
  /** what the sampler noted (size capped, strata never drawn) */
  notes: string[];
  items: number;
}

/** One sampled answer; `_id` is `<review>/<answer>`, so drawing it twice stores it once. */
export interface ReviewItemDoc {
  _id: string;
  reviewId: string;
  answerId: string;
  model: string;
  questionId: string;
  sample: number;
  category: string;
  stratum: string;
  reason: SampleReason;
  /** under the whole design; a weighted estimate uses 1 / π */
  inclusionProbability: number;
}

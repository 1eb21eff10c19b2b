import type { MtgDimensions } from '../scoring/mtg-total.js';
import type { SampleReason, SamplingOptions, StratumSummary } from '../scoring/sampling/types.js';

/** A physicians' review of one campaign's sample: its design, so the sample can be drawn again and weighted. */
export interface ReviewDoc {
  _id: string;
  campaignId: string;
  status: 'open' | 'complete' | 'incomplete';
  createdAt: Date;
  design: SamplingOptions & { perItem: number };
  strata: StratumSummary[];
  audit: { population: number; size: number };
  /** what the sampler noted (size capped, strata never drawn) */
  notes: string[];
  items: number;
  /** after-submit: reviewers see the judge's verdict once their blind review is stored; absent means never */
  reveal?: 'after-submit' | 'never';
  /** false: answers are shown as they are, model names and all; absent means masked */
  maskModelNames?: boolean;
  /** the sample is marked incomplete after this */
  deadline?: Date;
  /** reminders for reviewers who are behind */
  reminders?: { everyHours: number; webhook?: string; command?: string };
  /** the campaign whose review phase this is, when it is one (not a later `review sample`) */
  phaseOf?: string;
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
  /**
   * The judge's verdict when sampled, for the reveal after a reviewer's blind submission; never in the blind view.
   * Absent on samples drawn before reveals existed (they reveal nothing).
   */
  judge?: { scores: number[]; mean: number | null; usable: boolean | null; threshold: number; scaleMax: number };
}

/** A physician invited to a review. The API token is stored as its digest only. */
export interface ReviewerDoc {
  _id: string;
  reviewId: string;
  name: string;
  apiTokenDigest: string;
  createdAt: Date;
  revokedAt?: Date;
}

/** A single-use sign-in link's token, by digest; `usedAt` once spent. */
export interface InviteDoc {
  _id: string;
  reviewerId: string;
  reviewId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date;
}

/** A browser session, by the digest of its cookie; expiry is checked in code (FerretDB has no TTL indexes). */
export interface ReviewSessionDoc {
  _id: string;
  reviewerId: string;
  createdAt: Date;
  expiresAt: Date;
}

/** One reviewer's slot on one sampled answer; `_id` is opaque (the answer id names the model, which reviewers must not see). */
export interface ReviewAssignmentDoc {
  _id: string;
  reviewId: string;
  answerId: string;
  reviewer: string;
  status: 'pending' | 'submitted';
}

/** A reviewer's verdict on one assignment, stored once (`_id` is the assignment's): the blind first submission. */
export interface ReviewSubmissionDoc {
  _id: string;
  reviewId: string;
  answerId: string;
  reviewer: string;
  category: string;
  score: number;
  usable: boolean;
  comment?: string;
  /** per checklist item, in the order the page showed them */
  checklist?: { core: boolean[]; secondary: boolean[] };
  dimensions?: MtgDimensions;
  submittedAt: Date;
  /** edits after the judge's verdict was revealed, oldest first; the fields above stay the blind first submission */
  revisions?: Pick<ReviewSubmissionDoc, 'score' | 'usable' | 'comment' | 'checklist' | 'dimensions' | 'submittedAt'>[];
  /** why the reviewer disagrees with the revealed verdict (the latest answer replaces an earlier one) */
  disagreement?: {
    reason: 'judge-too-lenient' | 'judge-too-strict' | 'checklist-item-missing' | 'checklist-item-wrong' | 'reference-answer-wrong' | 'other';
    /** required for `other` */
    note?: string;
    at: Date;
  };
}

import type { Db } from 'mongodb';
import { reviewAgreementOf, type ReviewAgreement } from '../scoring/agreement/review-rows.js';
import { DEFAULT_BOOTSTRAP, type BootstrapOptions } from '../scoring/bootstrap.js';
import { answerIdOf, reviewCandidates } from '../scoring/sampling/candidates.js';
import type { SamplingCandidate } from '../scoring/sampling/types.js';
import { collections } from '../store/collections.js';
import type { ReviewDoc, ReviewItemDoc, ReviewSubmissionDoc } from '../store/review-docs.js';
import { loadCampaign } from './context.js';
import { loadCurrentScores } from './current-scores.js';

/** A review's stored rows with the campaign's current judge view of every answer. */
export interface ReviewData {
  review: ReviewDoc;
  items: ReviewItemDoc[];
  submissions: ReviewSubmissionDoc[];
  /** every judged answer of the campaign (current templates), by answer id */
  candidates: Map<string, SamplingCandidate>;
  templateOf: Map<string, string>;
  threshold: number;
}

/** What agreement and the export read: the review, its items and (blind, first) submissions, and the campaign's scores. */
export async function loadReviewData(db: Db, reviewId: string): Promise<ReviewData> {
  const { reviews, reviewItems, reviewSubmissions } = collections(db);
  const review = await reviews.findOne({ _id: reviewId });
  if (!review) throw new Error(`review ${reviewId} does not exist`);
  const campaign = await loadCampaign(db, review.campaignId);
  const [{ records }, items, submissions] = await Promise.all([
    loadCurrentScores(db, campaign),
    reviewItems.find({ reviewId }).toArray(),
    reviewSubmissions.find({ reviewId }).toArray(),
  ]);
  return {
    review,
    items,
    submissions,
    candidates: new Map(reviewCandidates(records, campaign.config.judging, campaign.config.threshold).map((c) => [c.answerId, c])),
    templateOf: new Map(records.flatMap((r) => (r.templateVersion ? [[answerIdOf(r), r.templateVersion] as const] : []))),
    threshold: campaign.config.threshold,
  };
}

export interface ReviewAgreementOptions {
  /** item-bootstrap intervals (seeded): on by default with DEFAULT_BOOTSTRAP; false for none */
  bootstrap?: Partial<BootstrapOptions> | false;
}

/**
 * Human–machine agreement of a review so far, with intervals and the PPI-corrected usability rate; plain JSON (for
 * `review status --json`, the report and the Temporal memo).
 */
export async function reviewAgreement(db: Db, reviewId: string, options: ReviewAgreementOptions = {}): Promise<ReviewAgreement> {
  const data = await loadReviewData(db, reviewId);
  const bootstrap = options.bootstrap === false ? undefined : { ...DEFAULT_BOOTSTRAP, ...options.bootstrap };
  return reviewAgreementOf(
    {
      review: { reviewId, campaignId: data.review.campaignId, status: data.review.status },
      items: data.items,
      submissions: data.submissions,
      candidates: [...data.candidates.values()],
      templateOf: data.templateOf,
      threshold: data.threshold,
    },
    bootstrap ? { bootstrap } : {},
  );
}

/** The campaign's review the report shows: the latest-created one with any submission; null when there is none. */
export async function latestReviewWithSubmissions(db: Db, campaignId: string): Promise<string | null> {
  const { reviews, reviewSubmissions } = collections(db);
  for (const review of await reviews.find({ campaignId }).sort({ createdAt: -1 }).toArray()) {
    if (await reviewSubmissions.findOne({ reviewId: review._id })) return review._id;
  }
  return null;
}

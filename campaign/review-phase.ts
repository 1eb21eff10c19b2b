import type { Db } from 'mongodb';
import { collections } from '../store/collections.js';
import { loadCampaign } from './context.js';
import { sampleCampaignForReview } from './review-sample.js';

export interface ReviewPhase {
  reviewId: string;
  /** ISO time after which the sample is marked incomplete */
  deadline?: string;
}

/**
 * The campaign's review phase, once its judging is done: null when its config has no review section; else its open
 * review, drawn now if it has none. Retried after a cut-off attempt, it finds the review that attempt stored.
 */
export async function openReviewPhase(db: Db, campaignId: string): Promise<ReviewPhase | null> {
  const doc = await loadCampaign(db, campaignId);
  if (!doc.config.review) return null;
  const open = await collections(db).reviews.findOne({ phaseOf: campaignId, status: 'open' }, { sort: { createdAt: -1 } });
  if (open) return { reviewId: open._id, ...(open.deadline ? { deadline: open.deadline.toISOString() } : {}) };
  const { reviewId, deadline } = await sampleCampaignForReview(db, { campaignId, phase: true });
  return { reviewId, ...(deadline ? { deadline: deadline.toISOString() } : {}) };
}

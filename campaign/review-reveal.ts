import type { Db } from 'mongodb';
import { collections } from '../store/collections.js';
import type { ReviewerDoc, ReviewItemDoc, ReviewSubmissionDoc } from '../store/review-docs.js';

/** What a reviewer sees once their own blind review is stored and the review reveals: the judge's verdict beside theirs. */
export interface Revealed {
  /** the judge's mean over its valid rounds (null: no valid score), usable at mean ≥ threshold, on a 0–scaleMax scale */
  judge: { mean: number | null; usable: boolean | null; threshold: number; scaleMax: number };
  /** the reviewer's latest verdict: their last revision, else the blind submission */
  yours: { score: number; usable: boolean };
  /** the usable decisions differ (a judge without a valid score gave none to disagree with) */
  disagrees: boolean;
  /** they disagree and have not said why yet */
  reasonAsked: boolean;
}

/** The reveal for a stored submission; field by field, so the judge's round scores (and anything added later) stay in. */
export function revealOf(judge: NonNullable<ReviewItemDoc['judge']>, submission: Pick<ReviewSubmissionDoc, 'score' | 'usable' | 'revisions' | 'disagreement'>): Revealed {
  const { score, usable } = submission.revisions?.at(-1) ?? submission;
  const disagrees = judge.usable !== null && judge.usable !== usable;
  return { judge: { mean: judge.mean, usable: judge.usable, threshold: judge.threshold, scaleMax: judge.scaleMax }, yours: { score, usable }, disagrees, reasonAsked: disagrees && !submission.disagreement };
}

/**
 * What the reviewer may see of the judge on their own assignment: null before their submission is stored, when the
 * review reveals never, for anyone else's assignment, and for items sampled without a stored verdict.
 */
export async function revealedTo(db: Db, reviewer: ReviewerDoc, id: string): Promise<Revealed | null> {
  const { reviews, reviewItems, reviewSubmissions } = collections(db);
  const submission = await reviewSubmissions.findOne({ _id: id, reviewer: reviewer._id, reviewId: reviewer.reviewId });
  if (!submission) return null;
  const review = await reviews.findOne({ _id: submission.reviewId }, { projection: { reveal: 1 } });
  if (review?.reveal !== 'after-submit') return null;
  const item = await reviewItems.findOne({ reviewId: submission.reviewId, answerId: submission.answerId }, { projection: { judge: 1 } });
  return item?.judge ? revealOf(item.judge, submission) : null;
}

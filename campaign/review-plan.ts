import type { Db } from 'mongodb';
import { collections } from '../store/collections.js';
import type { ReviewDoc } from '../store/review-docs.js';

/** What a review workflow tracks: who holds each assignment, and which are submitted (ids only, no texts). */
export interface ReviewPlan {
  campaignId: string;
  /** hours between reminders to reviewers who are behind; absent: no reminders */
  remindEveryHours?: number;
  /** assignment id → reviewer id */
  assignments: Record<string, string>;
  /** assignment ids with a stored submission */
  submitted: string[];
}

/** The review's plan as MongoDB has it: the workflow reconciles from this, so an update it never got is not lost. */
export async function loadReviewPlan(db: Db, reviewId: string): Promise<ReviewPlan> {
  const { reviews, reviewAssignments, reviewSubmissions } = collections(db);
  const review = await reviews.findOne({ _id: reviewId }, { projection: { campaignId: 1, reminders: 1 } });
  if (!review) throw new Error(`review ${reviewId} does not exist`);
  const slots = await reviewAssignments.find({ reviewId }, { projection: { reviewer: 1 } }).toArray();
  const stored = await reviewSubmissions.find({ reviewId }, { projection: { _id: 1 } }).toArray();
  return {
    campaignId: review.campaignId,
    ...(review.reminders ? { remindEveryHours: review.reminders.everyHours } : {}),
    assignments: Object.fromEntries(slots.map((s) => [s._id, s.reviewer])), submitted: stored.map((s) => s._id),
  };
}

export async function setReviewStatus(db: Db, input: { reviewId: string; status: ReviewDoc['status'] }): Promise<void> {
  await collections(db).reviews.updateOne({ _id: input.reviewId }, { $set: { status: input.status } });
}

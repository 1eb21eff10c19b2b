import type { Db } from 'mongodb';
import { collections } from '../store/collections.js';
import type { ReviewDoc } from '../store/review-docs.js';

/** What a review workflow tracks: who holds each assignment, and which are submitted (ids only, no texts). */
export interface ReviewPlan {
  /** assignment id → reviewer id */
  assignments: Record<string, string>;
  /** assignment ids with a stored submission */
  submitted: string[];
}

/** The review's plan as MongoDB has it: the workflow reconciles from this, so an update it never got is not lost. */
export async function loadReviewPlan(db: Db, reviewId: string): Promise<ReviewPlan> {
  const { reviewAssignments, reviewSubmissions } = collections(db);
  const slots = await reviewAssignments.find({ reviewId }, { projection: { reviewer: 1 } }).toArray();
  const stored = await reviewSubmissions.find({ reviewId }, { projection: { _id: 1 } }).toArray();
  return { assignments: Object.fromEntries(slots.map((s) => [s._id, s.reviewer])), submitted: stored.map((s) => s._id) };
}

export async function setReviewStatus(db: Db, input: { reviewId: string; status: ReviewDoc['status'] }): Promise<void> {
  await collections(db).reviews.updateOne({ _id: input.reviewId }, { $set: { status: input.status } });
}

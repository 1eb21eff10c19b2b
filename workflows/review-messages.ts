import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/** A review's progress: assignments and submissions, per reviewer (ids and counts only). */
export interface ReviewProgress {
  reviewId: string;
  status: 'waiting' | 'complete' | 'incomplete';
  assignments: number;
  submitted: number;
  byReviewer: Record<string, { assigned: number; submitted: number }>;
}

export interface ReviewSubmitted {
  assignmentId: string;
  reviewer: string;
}

/**
 * Sent by the reviewer app after it stored the review; the validator refuses an assignment the workflow does not
 * know for that reviewer. `counted` is false for one it had already.
 */
export const reviewSubmittedUpdate = defineUpdate<{ counted: boolean }, [ReviewSubmitted]>('reviewSubmitted');
/** Reviewers were invited or revoked: the assignments moved, so the plan is read again from MongoDB. */
export const reviewPlanChangedSignal = defineSignal('reviewPlanChanged');
export const reviewProgressQuery = defineQuery<ReviewProgress>('reviewProgress');

export const reviewWorkflowId = (reviewId: string) => `review/${reviewId}`;

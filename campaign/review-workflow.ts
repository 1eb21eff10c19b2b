import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { reviewWorkflow } from '../workflows/review.js';
import { reviewPlanChangedSignal, reviewProgressQuery, reviewSubmittedUpdate, reviewWorkflowId, type ReviewProgress, type ReviewSubmitted } from '../workflows/review-messages.js';
import { ORCHESTRATION_QUEUE } from './keys.js';

/** Starts the durable wait for a stored review sample's reviews. */
export async function startReviewWorkflow(client: Client, reviewId: string, deadline?: Date): Promise<string> {
  const workflowId = reviewWorkflowId(reviewId);
  await client.workflow.start<typeof reviewWorkflow>('reviewWorkflow', { workflowId, taskQueue: ORCHESTRATION_QUEUE, args: [{ reviewId, ...(deadline ? { deadline: deadline.toISOString() } : {}) }] });
  return workflowId;
}

const UPDATE_ATTEMPTS = 4;

/**
 * Tells the review's workflow that a review is stored. Temporal refuses updates while 10 are in flight, so a
 * refusal is tried again after a short pause; a review it never hears of is still counted when the workflow
 * reconciles from MongoDB. False when the workflow was not told.
 */
export async function notifyReviewSubmitted(client: Client, reviewId: string, submitted: ReviewSubmitted): Promise<boolean> {
  const handle = client.workflow.getHandle(reviewWorkflowId(reviewId));
  for (let attempt = 1; ; attempt++) {
    try {
      await handle.executeUpdate(reviewSubmittedUpdate, { args: [submitted] });
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError || attempt >= UPDATE_ATTEMPTS) return false;
      await sleep(100 * 2 ** attempt);
    }
  }
}

/** Reviewers changed: the workflow reads the assignments again (a closed or missing one needs nothing). */
export async function notifyReviewPlanChanged(client: Client, reviewId: string): Promise<void> {
  await client.workflow
    .getHandle(reviewWorkflowId(reviewId))
    .signal(reviewPlanChangedSignal)
    .catch((err: unknown) => {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    });
}

/** A review's progress: live while it waits, its result once it ended. */
export async function reviewProgress(client: Client, reviewId: string): Promise<ReviewProgress> {
  const handle = client.workflow.getHandle<typeof reviewWorkflow>(reviewWorkflowId(reviewId));
  const { status } = await handle.describe().catch((err: unknown) => {
    throw err instanceof WorkflowNotFoundError ? new Error(`review ${reviewId} has no workflow (was it sampled with \`medeval review sample\`?)`) : err;
  });
  return status.name === 'RUNNING' ? handle.query(reviewProgressQuery) : handle.result();
}

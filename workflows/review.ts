import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ReviewPlan } from '../campaign/review-plan.js';
import { orchestrationActivities } from './activity-options.js';
import { reviewPlanChangedSignal, reviewProgressQuery, reviewSubmittedUpdate, type ReviewProgress, type ReviewSubmitted } from './review-messages.js';

export interface ReviewWorkflowInput {
  reviewId: string;
  /** ISO time after which the sample is marked incomplete */
  deadline?: string;
}

/** Reconcile with MongoDB this often even without a message: a lost update only delays, never loses, a review. */
const RECONCILE_MS = 15 * 60_000;
/** Well before Temporal's limits (2,000 updates per run, 50k events): a fresh run starts from MongoDB. */
const MAX_EVENTS = 4_000;

const { loadReviewPlan, setReviewStatus } = orchestrationActivities();

// eslint-disable-next-line no-restricted-properties -- the sandbox's Date is this workflow task's time (replay-safe)
const now = () => Date.now();

/**
 * Waits durably (days or weeks) for a review sample's reviews. The reviewer app stores each review first and then
 * tells this workflow; the workflow also reads the plan again when reviewers change and every RECONCILE_MS, and
 * starts each continue-as-new run from MongoDB, so nothing depends on a message arriving.
 */
export async function reviewWorkflow(input: ReviewWorkflowInput): Promise<ReviewProgress> {
  // handlers come first, so a query or update in the first task is answered; until the plan is loaded the
  // validator cannot judge, so the handler waits for it and checks again
  let plan: ReviewPlan = { assignments: {}, submitted: [] };
  let loaded = false;
  let submitted = new Set<string>();
  let reload = false;
  const knownFor = (s: ReviewSubmitted) => {
    if (plan.assignments[s.assignmentId] !== s.reviewer) throw ApplicationFailure.nonRetryable(`assignment ${s.assignmentId} is not ${s.reviewer}'s in review ${input.reviewId}`);
  };

  const progress = (status: ReviewProgress['status']): ReviewProgress => {
    const byReviewer: ReviewProgress['byReviewer'] = {};
    for (const [id, reviewer] of Object.entries(plan.assignments)) {
      const r = (byReviewer[reviewer] ??= { assigned: 0, submitted: 0 });
      r.assigned++;
      if (submitted.has(id)) r.submitted++;
    }
    const ids = Object.keys(plan.assignments);
    return { reviewId: input.reviewId, status, assignments: ids.length, submitted: ids.filter((id) => submitted.has(id)).length, byReviewer };
  };
  const complete = () => {
    const ids = Object.keys(plan.assignments);
    return ids.length > 0 && ids.every((id) => submitted.has(id));
  };

  setHandler(
    reviewSubmittedUpdate,
    async (s) => {
      await condition(() => loaded);
      knownFor(s);
      const counted = !submitted.has(s.assignmentId);
      submitted.add(s.assignmentId);
      return { counted };
    },
    {
      validator: (s) => {
        if (loaded) knownFor(s);
      },
    },
  );
  setHandler(reviewPlanChangedSignal, () => {
    reload = true;
  });
  setHandler(reviewProgressQuery, () => progress('waiting'));
  plan = await loadReviewPlan({ reviewId: input.reviewId });
  submitted = new Set([...submitted, ...plan.submitted]);
  loaded = true;

  const deadline = input.deadline ? Date.parse(input.deadline) : undefined;
  for (;;) {
    const wait = Math.min(RECONCILE_MS, deadline !== undefined ? Math.max(deadline - now(), 0) : RECONCILE_MS);
    const woken = await condition(() => reload || complete() || workflowInfo().historyLength > MAX_EVENTS || workflowInfo().continueAsNewSuggested, wait);
    if (!woken || reload) {
      reload = false;
      plan = await loadReviewPlan({ reviewId: input.reviewId });
      submitted = new Set([...submitted, ...plan.submitted]);
    }
    if (complete()) {
      await setReviewStatus({ reviewId: input.reviewId, status: 'complete' });
      return progress('complete');
    }
    if (deadline !== undefined && now() >= deadline) {
      await setReviewStatus({ reviewId: input.reviewId, status: 'incomplete' });
      return progress('incomplete');
    }
    if (workflowInfo().historyLength > MAX_EVENTS || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof reviewWorkflow>(input);
    }
  }
}

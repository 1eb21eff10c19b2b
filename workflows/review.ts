import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  log,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ReviewPlan } from '../campaign/review-plan.js';
import { orchestrationActivities } from './activity-options.js';
import { reviewPlanChangedSignal, reviewProgressQuery, reviewSubmittedUpdate, type ReviewProgress, type ReviewSubmitted } from './review-messages.js';
import { CampaignIdAttr, ProgressAttr, StatusAttr } from './search-attributes.js';

export interface ReviewWorkflowInput {
  reviewId: string;
  /** ISO time after which the sample is marked incomplete */
  deadline?: string;
  /** ISO time of the last reminder, carried across continue-as-new so a new run does not remind at once */
  remindedAt?: string;
}

/** Reconcile with MongoDB this often even without a message: a lost update only delays, never loses, a review. */
const RECONCILE_MS = 15 * 60_000;
/** Well before Temporal's limits (2,000 updates per run, 50k events): a fresh run starts from MongoDB. */
const MAX_EVENTS = 4_000;
/** The memo's agreement is computed at most this often (an activity each time), and once more at the end. */
const MEMO_MS = 60_000;
const HOUR_MS = 3_600_000;

const { loadReviewPlan, setReviewStatus, reviewMemo, sendReviewReminders } = orchestrationActivities();

// eslint-disable-next-line no-restricted-properties -- the sandbox's Date is this workflow task's time (replay-safe)
const now = () => Date.now();

/**
 * Waits durably (days or weeks) for a review sample's reviews. The reviewer app stores each review first and then
 * tells this workflow; the workflow also reads the plan again when reviewers change and every RECONCILE_MS, and
 * starts each continue-as-new run from MongoDB, so nothing depends on a message arriving. Progress is a query, the
 * search attributes (campaign, status, percent reviewed) and the memo (counts per reviewer, agreement so far).
 */
export async function reviewWorkflow(input: ReviewWorkflowInput): Promise<ReviewProgress> {
  // handlers come first, so a query or update in the first task is answered; until the plan is loaded the
  // validator cannot judge, so the handler waits for it and checks again
  let plan: ReviewPlan = { campaignId: '', assignments: {}, submitted: [] };
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

  const reconcile = async () => {
    plan = await loadReviewPlan({ reviewId: input.reviewId });
    submitted = new Set([...submitted, ...plan.submitted]);
  };
  // the percent moves the search attribute by whole points only: each upsert is a history event
  let listedPercent = -1;
  const listProgress = (status?: string) => {
    const p = progress('waiting');
    const percent = p.assignments === 0 ? 0 : Math.floor((100 * p.submitted) / p.assignments);
    if (percent === listedPercent && !status) return;
    listedPercent = percent;
    upsertSearchAttributes([{ key: ProgressAttr, value: percent }, ...(status ? [{ key: StatusAttr, value: status }] : [])]);
  };
  let memoOf = -1;
  let memoAt = 0;
  const refreshMemo = async () => {
    memoOf = submitted.size;
    memoAt = now();
    const { byReviewer, assignments, submitted: done } = progress('waiting');
    upsertMemo({ review: { reviewId: input.reviewId, assignments, submitted: done, byReviewer, agreement: await reviewMemo({ reviewId: input.reviewId }) } });
  };
  const finish = async (status: 'complete' | 'incomplete') => {
    await setReviewStatus({ reviewId: input.reviewId, status });
    await refreshMemo();
    listProgress(status);
    return progress(status);
  };

  try {
    await reconcile();
    loaded = true;
    upsertSearchAttributes([{ key: CampaignIdAttr, value: plan.campaignId }]);
    listProgress('reviewing');

    const deadline = input.deadline ? Date.parse(input.deadline) : undefined;
    let remindedAt = input.remindedAt ? Date.parse(input.remindedAt) : now();
    const remindDue = () => (plan.remindEveryHours !== undefined ? remindedAt + plan.remindEveryHours * HOUR_MS : Infinity);
    const memoDue = () => (submitted.size !== memoOf ? memoAt + MEMO_MS : Infinity);
    const tooLong = () => workflowInfo().historyLength > MAX_EVENTS || workflowInfo().continueAsNewSuggested;
    for (;;) {
      const wait = Math.max(Math.min(now() + RECONCILE_MS, deadline ?? Infinity, remindDue(), memoDue()) - now(), 0);
      const woken = await condition(() => reload || complete() || tooLong(), wait);
      if (!woken || reload) {
        reload = false;
        await reconcile();
      }
      listProgress();
      if (complete()) return await finish('complete');
      if (deadline !== undefined && now() >= deadline) return await finish('incomplete');
      if (now() >= memoDue()) await refreshMemo();
      if (now() >= remindDue()) {
        remindedAt = now();
        // a reminder that cannot be sent is the coordinator's to fix; the wait goes on
        await sendReviewReminders({ reviewId: input.reviewId }).catch((err: unknown) => log.warn('review reminder not sent', { reviewId: input.reviewId, error: String(err) }));
      }
      if (tooLong()) {
        await condition(allHandlersFinished);
        return continueAsNew<typeof reviewWorkflow>({ ...input, remindedAt: new Date(remindedAt).toISOString() });
      }
    }
  } catch (err) {
    // cancelled with its campaign: the sample stays as reviewed so far, marked incomplete
    if (isCancellation(err)) await CancellationScope.nonCancellable(() => setReviewStatus({ reviewId: input.reviewId, status: 'incomplete' }));
    throw err;
  }
}

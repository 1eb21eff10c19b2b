import { CancellationScope, condition, executeChild, ParentClosePolicy, upsertSearchAttributes } from '@temporalio/workflow';
import { orchestrationActivities } from '../activity-options.js';
import type { CampaignState } from '../campaign-handlers.js';
import { reviewWorkflowId } from '../review-messages.js';
import type { reviewWorkflow } from '../review.js';
import { StatusAttr } from '../search-attributes.js';

/**
 * Phase 2: expert review, when the campaign's config has a review section. The sample is drawn from the stored
 * judgements and a report without agreement is stored at once (physicians may take weeks); then the campaign waits
 * on the review's own workflow, which the reviewer app talks to. Cancelling the campaign ends the wait.
 */
export async function review(state: CampaignState): Promise<void> {
  state.phase = 'review';
  if (state.cancelled) return;
  const activities = orchestrationActivities('10 minutes');
  const phase = await activities.openReviewPhase({ campaignId: state.campaignId });
  if (!phase) return;
  await activities.writeCampaignReport({ campaignId: state.campaignId });
  state.reviewId = phase.reviewId;
  upsertSearchAttributes([{ key: StatusAttr, value: 'reviewing' }]);
  const scope = new CancellationScope();
  const wait = scope.run(() =>
    executeChild<typeof reviewWorkflow>('reviewWorkflow', {
      workflowId: reviewWorkflowId(phase.reviewId),
      args: [{ reviewId: phase.reviewId, ...(phase.deadline ? { deadline: phase.deadline } : {}) }],
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    }),
  );
  const cancelled = condition(() => state.cancelled).then(() => scope.cancel());
  await Promise.race([wait, cancelled]).catch((err: unknown) => {
    if (!state.cancelled) throw err;
  });
}

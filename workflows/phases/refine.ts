import { condition, executeChild, ParentClosePolicy } from '@temporalio/workflow';
import { rejudgeWorkflowId } from '../../campaign/keys.js';
import { orchestrationActivities } from '../activity-options.js';
import type { CampaignState } from '../campaign-handlers.js';
import { failureOf } from '../failure-of.js';
import type { RejudgeRequest } from '../messages.js';
import { rejudgeWorkflow } from '../rejudge.js';
import { CampaignIdAttr, ProgressAttr, StatusAttr } from '../search-attributes.js';

/** A refinement asked for; one already queued or running is not run twice at once. */
export function queueRefinement(state: CampaignState, request: RejudgeRequest): void {
  if (!state.refinements.some((r) => r.refinementId === request.refinementId)) state.refinements.push(request);
}

/**
 * Phase 3, on demand: refinements (targeted re-judges) run one after another as they are asked for, beside
 * whatever phase the campaign is in, each as a `rejudgeWorkflow` child. A refinement stays queued until its child
 * ends, so the report waits for it; once the campaign is cancelled, queued ones are marked cancelled.
 */
export async function runRefinements(state: CampaignState): Promise<never> {
  const activities = orchestrationActivities();
  for (;;) {
    await condition(() => state.refinements.length > 0);
    const request = state.refinements[0]!;
    const workflowId = rejudgeWorkflowId(state.campaignId, request.seq);
    if (state.cancelled) {
      // the store keeps it running if even this fails: asked again, it runs again (and pays for nothing stored)
      await activities.setRefinementStatus({ refinementId: request.refinementId, status: 'cancelled', judged: 0, failed: 0 }).catch(() => undefined);
    } else {
      state.children.push(workflowId);
      try {
        await executeChild(rejudgeWorkflow, {
          workflowId,
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          typedSearchAttributes: [
            { key: CampaignIdAttr, value: state.campaignId },
            { key: StatusAttr, value: 'running' },
            { key: ProgressAttr, value: 0 },
          ],
          args: [{ campaignId: state.campaignId, refinementId: request.refinementId, paused: state.paused, cancelled: state.cancelled }],
        });
      } catch (err) {
        // one refinement that cannot run fails alone: the campaign and the next refinements go on
        const { kind, message } = failureOf(err);
        await activities.setRefinementStatus({ refinementId: request.refinementId, status: 'failed', judged: 0, failed: 0 }).catch(() => undefined);
        state.refinementErrors.push(`${request.refinementId}: ${kind}: ${message}`);
      } finally {
        state.children = state.children.filter((id) => id !== workflowId);
      }
    }
    state.refinements.shift();
  }
}

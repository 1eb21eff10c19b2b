import { condition, executeChild, ParentClosePolicy, workflowInfo } from '@temporalio/workflow';
import { modelRunWorkflowId } from '../../campaign/keys.js';
import { emptyProgress } from '../../campaign/progress-model.js';
import { orchestrationActivities } from '../activity-options.js';
import type { CampaignState } from '../campaign-handlers.js';
import { modelRunWorkflow } from '../model-run.js';
import { CampaignIdAttr, DatasetAttr, ModelAttr, ProgressAttr, StatusAttr } from '../search-attributes.js';

/**
 * Phase 1: generate every answer and judge it, one model-run child per model under test. Each pass runs the plan
 * as it stands; a pass after growth (`campaign extend`) finds earlier results stored and pays only for new ones.
 */
export async function generateAndJudge(state: CampaignState, datasetName: string): Promise<void> {
  state.phase = 'generate-and-judge';
  const activities = orchestrationActivities();
  do {
    state.extendRequested = false;
    const plan = await activities.loadPlan({ campaignId: state.campaignId });
    const { datasetId: _dataset, models: _models, ...runPlan } = plan;
    const judgeCalls = plan.judges.length * plan.judgeRounds;
    for (const m of plan.models) state.progress.set(m.id, emptyProgress(m.id, plan.questionsByCategory, { samples: plan.samples, judgeCalls }, plan.conversations));
    state.children = plan.models.map((m) => modelRunWorkflowId(state.campaignId, m.id));
    const results = await Promise.all(
      plan.models.map((m) =>
        executeChild(modelRunWorkflow, {
          workflowId: modelRunWorkflowId(state.campaignId, m.id),
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          typedSearchAttributes: [
            { key: CampaignIdAttr, value: state.campaignId },
            { key: DatasetAttr, value: datasetName },
            { key: ModelAttr, value: m.id },
            { key: StatusAttr, value: 'running' },
            { key: ProgressAttr, value: 0 },
          ],
          args: [{ campaignId: state.campaignId, parentWorkflowId: workflowInfo().workflowId, modelId: m.id, modelQueue: m.queue, ...(m.batch ? { modelBatch: m.batch } : {}), ...runPlan, paused: state.paused, cancelled: state.cancelled }],
        }),
      ),
    );
    for (const r of results) state.progress.set(r.modelId, r);
    // growth that arrives while paused waits for resume like everything else
    await condition(() => !state.paused || state.cancelled);
  } while (state.extendRequested && !state.cancelled);
}

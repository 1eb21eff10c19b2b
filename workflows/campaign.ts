import {
  condition,
  executeChild,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  ParentClosePolicy,
  type SignalDefinition,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CampaignReportSummary } from '../activities/report.js';
import { modelRunWorkflowId, ORCHESTRATION_QUEUE } from './keys.js';
import { modelRunWorkflow } from './model-run.js';
import { emptyProgress, percentOf } from './progress.js';
import { CampaignIdAttr, DatasetAttr, ModelAttr, ProgressAttr, StatusAttr } from './search-attributes.js';
import {
  cancelSignal,
  extendSignal,
  modelProgressSignal,
  pauseSignal,
  progressQuery,
  resumeSignal,
  type CampaignProgress,
  type ModelProgress,
} from './signals.js';

export interface CampaignInput {
  campaignId: string;
  datasetName: string;
}

export interface CampaignResult {
  campaignId: string;
  status: 'completed' | 'cancelled';
  report: CampaignReportSummary;
  models: ModelProgress[];
}

const activities = proxyActivities<Activities>({
  taskQueue: ORCHESTRATION_QUEUE,
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * One campaign: a child workflow per model under test, then the aggregate report. Pause, resume and cancel reach
 * the children and, through the campaign's status in MongoDB, calls already handed to workers.
 */
export async function campaignWorkflow(input: CampaignInput): Promise<CampaignResult> {
  const { campaignId } = input;
  const startedAt = Date.now();
  let paused = false;
  let cancelled = false;
  let extendRequested = false;
  const progress = new Map<string, ModelProgress>();
  let children: string[] = [];

  const status = () => (cancelled ? 'cancelling' : paused ? 'paused' : 'running');
  const forward = async (signal: SignalDefinition<[]>) => {
    await Promise.all(children.map((id) => getExternalWorkflowHandle(id).signal(signal).catch(() => undefined)));
  };
  const control = async (next: 'paused' | 'running' | 'cancelled', signal: SignalDefinition<[]>) => {
    await activities.setCampaignStatus({ campaignId, status: next });
    upsertSearchAttributes([{ key: StatusAttr, value: status() }]);
    await forward(signal);
  };
  setHandler(pauseSignal, async () => {
    paused = true;
    await control('paused', pauseSignal);
  });
  setHandler(resumeSignal, async () => {
    paused = false;
    await control('running', resumeSignal);
  });
  setHandler(cancelSignal, async () => {
    cancelled = true;
    await control('cancelled', cancelSignal);
  });
  setHandler(extendSignal, () => {
    extendRequested = true;
  });
  // the search attribute moves by whole percents: an upsert is a history event, so at most about a hundred of them
  let listedPercent = 0;
  setHandler(modelProgressSignal, (p) => {
    progress.set(p.modelId, p);
    const percent = percentOf([...progress.values()]);
    if (Math.floor(percent) === Math.floor(listedPercent)) return;
    listedPercent = percent;
    upsertSearchAttributes([{ key: ProgressAttr, value: Math.round(percent * 10) / 10 }]);
  });
  setHandler(progressQuery, (): CampaignProgress => {
    const models = [...progress.values()];
    const percent = percentOf(models);
    const elapsed = Date.now() - startedAt;
    return {
      campaignId,
      status: status(),
      percent,
      costUsd: models.reduce((n, m) => n + m.costUsd, 0),
      ...(percent > 0 && percent < 100 ? { etaMs: (elapsed * (100 - percent)) / percent } : {}),
      models,
    };
  });

  upsertSearchAttributes([
    { key: CampaignIdAttr, value: campaignId },
    { key: DatasetAttr, value: input.datasetName },
    { key: StatusAttr, value: 'running' },
    { key: ProgressAttr, value: 0 },
  ]);
  await activities.setCampaignStatus({ campaignId, status: 'running' });

  // Each pass runs the plan as it stands; a pass after growth finds earlier results stored and pays only for new ones.
  do {
    extendRequested = false;
    const plan = await activities.loadPlan({ campaignId });
    const { datasetId: _dataset, models: _models, ...runPlan } = plan;
    const judgeCalls = plan.judges.length * plan.judgeRounds;
    for (const m of plan.models) {
      progress.set(m.id, emptyProgress(m.id, plan.questionsByCategory, { samples: plan.samples, judgeCalls }, plan.conversations));
    }
    children = plan.models.map((m) => modelRunWorkflowId(campaignId, m.id));
    const results = await Promise.all(
      plan.models.map((m) =>
        executeChild(modelRunWorkflow, {
          workflowId: modelRunWorkflowId(campaignId, m.id),
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          typedSearchAttributes: [
            { key: CampaignIdAttr, value: campaignId },
            { key: DatasetAttr, value: input.datasetName },
            { key: ModelAttr, value: m.id },
            { key: StatusAttr, value: 'running' },
            { key: ProgressAttr, value: 0 },
          ],
          args: [
            {
              campaignId,
              parentWorkflowId: workflowInfo().workflowId,
              modelId: m.id,
              modelQueue: m.queue,
              ...runPlan,
              paused,
              cancelled,
            },
          ],
        }),
      ),
    );
    for (const r of results) progress.set(r.modelId, r);
    // growth that arrives while paused waits for resume like everything else
    await condition(() => !paused || cancelled);
  } while (extendRequested && !cancelled);

  const final = cancelled ? 'cancelled' : 'completed';
  await activities.setCampaignStatus({ campaignId, status: final });
  const report = await activities.writeCampaignReport({ campaignId });
  upsertSearchAttributes([
    { key: StatusAttr, value: final },
    { key: ProgressAttr, value: Math.round(percentOf([...progress.values()]) * 10) / 10 },
  ]);
  return { campaignId, status: final, report, models: [...progress.values()] };
}

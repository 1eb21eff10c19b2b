import { getExternalWorkflowHandle, setHandler, upsertSearchAttributes, type SignalDefinition } from '@temporalio/workflow';
import { percentOf, type CampaignProgress, type ModelProgress } from '../campaign/progress-model.js';
import type { CampaignStatus } from '../store/campaign-docs.js';
import { orchestrationActivities } from './activity-options.js';
import { cancelSignal, extendSignal, modelProgressSignal, pauseSignal, progressQuery, rejudgeSignal, resumeSignal, type RejudgeRequest } from './messages.js';
import { queueRefinement } from './phases/refine.js';
import { ProgressAttr, StatusAttr } from './search-attributes.js';

/** What a campaign workflow knows while it runs; the handlers change it, the phases read it. */
export interface CampaignState {
  campaignId: string;
  phase: 'generate-and-judge' | 'review' | 'refine' | 'report';
  paused: boolean;
  cancelled: boolean;
  extendRequested: boolean;
  progress: Map<string, ModelProgress>;
  /** the model-run workflows that pause, resume and cancel are forwarded to */
  children: string[];
  /** the review of the campaign's review phase, once drawn */
  reviewId?: string;
  /** refinements asked for and not finished, the running one first */
  refinements: RejudgeRequest[];
  /** why refinements of this run failed (they fail alone) */
  refinementErrors: string[];
}

const displayStatus = (s: CampaignState) => (s.cancelled ? 'cancelling' : s.paused ? 'paused' : 'running');

/**
 * Every signal and query of the campaign workflow, in one place. Pause, resume and cancel reach the model runs and,
 * through the campaign's status in MongoDB, calls already handed to workers.
 */
export function installCampaignHandlers(state: CampaignState, startedAt: number): void {
  const activities = orchestrationActivities();
  const control = async (status: CampaignStatus, signal: SignalDefinition<[]>) => {
    await activities.setCampaignStatus({ campaignId: state.campaignId, status });
    upsertSearchAttributes([{ key: StatusAttr, value: displayStatus(state) }]);
    await Promise.all(state.children.map((id) => getExternalWorkflowHandle(id).signal(signal).catch(() => undefined)));
  };
  setHandler(pauseSignal, async () => {
    state.paused = true;
    await control('paused', pauseSignal);
  });
  setHandler(resumeSignal, async () => {
    state.paused = false;
    await control('running', resumeSignal);
  });
  setHandler(cancelSignal, async () => {
    state.cancelled = true;
    await control('cancelled', cancelSignal);
  });
  setHandler(extendSignal, () => {
    state.extendRequested = true;
  });
  setHandler(rejudgeSignal, (request) => queueRefinement(state, request));
  // the search attribute moves by whole percents: an upsert is a history event, so at most about a hundred of them
  let listedPercent = 0;
  setHandler(modelProgressSignal, (p) => {
    state.progress.set(p.modelId, p);
    const percent = percentOf([...state.progress.values()]);
    if (Math.floor(percent) === Math.floor(listedPercent)) return;
    listedPercent = percent;
    upsertSearchAttributes([{ key: ProgressAttr, value: Math.round(percent * 10) / 10 }]);
  });
  setHandler(progressQuery, (): CampaignProgress => {
    const models = [...state.progress.values()];
    const percent = percentOf(models);
    // eslint-disable-next-line no-restricted-properties -- the sandbox's Date is this workflow task's time (replay-safe)
    const elapsed = Date.now() - startedAt;
    return {
      campaignId: state.campaignId,
      status: displayStatus(state),
      phase: state.phase,
      ...(state.reviewId ? { reviewId: state.reviewId } : {}),
      ...(state.refinements.length > 0 ? { refining: state.refinements.map((r) => r.refinementId) } : {}),
      percent,
      costUsd: models.reduce((n, m) => n + m.costUsd, 0),
      ...(percent > 0 && percent < 100 ? { etaMs: (elapsed * (100 - percent)) / percent } : {}),
      models,
    };
  });
}

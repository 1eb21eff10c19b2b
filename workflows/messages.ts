import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CampaignProgress, ModelProgress, RejudgeProgress } from '../campaign/progress-model.js';

/**
 * The messages a campaign's workflows take and answer, defined once for the workflows and their clients (the
 * service layer signals and queries through these).
 */
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** Graceful: calls already running finish and are saved; nothing new starts; a partial report is written. */
export const cancelSignal = defineSignal('cancel');
/** The campaign's config grew (models, samples, judges): run the plan again; stored results make old work free. */
export const extendSignal = defineSignal('extend');
/** A refinement was stored: re-judge its targets (a running campaign runs it beside its current phase). */
export const rejudgeSignal = defineSignal<[RejudgeRequest]>('rejudge');
/** A model run tells its campaign how far it is. */
export const modelProgressSignal = defineSignal<[ModelProgress]>('modelProgress');

export const progressQuery = defineQuery<CampaignProgress>('progress');
export const modelProgressQuery = defineQuery<ModelProgress>('modelProgress');
export const rejudgeProgressQuery = defineQuery<RejudgeProgress>('rejudgeProgress');

/** Ids only: the refinement's versions and targets stay in MongoDB. */
export interface RejudgeRequest {
  refinementId: string;
  seq: number;
}

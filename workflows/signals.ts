import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CategoryCode } from '../dataset/categories.js';

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** Graceful: calls already running finish and are saved; nothing new starts; a partial report is written. */
export const cancelSignal = defineSignal('cancel');
/** The campaign's config grew (models, samples, judges): run the plan again; stored results make old work free. */
export const extendSignal = defineSignal('extend');

export interface Tally {
  done: number;
  failed: number;
  total: number;
}

export interface ModelProgress {
  modelId: string;
  generations: Tally;
  judgements: Tally;
  byCategory: Partial<Record<CategoryCode, { generations: Tally; judgements: Tally }>>;
  costUsd: number;
  /** results found stored instead of paid for (resumes, growth, replays) */
  cached: number;
  conversationsDone: number;
  conversations: number;
  state: 'running' | 'paused' | 'cancelling' | 'done';
}

export const modelProgressSignal = defineSignal<[ModelProgress]>('modelProgress');

export interface CampaignProgress {
  campaignId: string;
  status: string;
  percent: number;
  costUsd: number;
  /** estimated ms until done at the rate so far, when there is a rate to go by */
  etaMs?: number;
  models: ModelProgress[];
}

export const progressQuery = defineQuery<CampaignProgress>('progress');
export const modelProgressQuery = defineQuery<ModelProgress>('modelProgress');

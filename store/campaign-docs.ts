import type { Db } from 'mongodb';
import type { CampaignConfig } from '../config/campaign.js';
import type { CategoryCode } from '../dataset/categories.js';
import type { ProviderProfile } from '../providers/profiles.js';

export type CampaignStatus = 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';

export interface CampaignDoc {
  _id: string;
  config: CampaignConfig;
  configHash: string;
  configFile: string;
  /** profile definitions as they were at start (key env var names only, never keys) */
  profiles: Record<string, ProviderProfile>;
  datasetId: string;
  status: CampaignStatus;
  createdAt: Date;
  updatedAt: Date;
  report?: { dir: string; op: number; generatedAt: Date };
}

/** What every stored call result shares: where it belongs and what it cost. */
interface CallDoc {
  _id: string;
  campaignId: string;
  configHash: string;
  questionId: string;
  category: CategoryCode;
  groupCode: number | string;
  round: number;
  sample: number;
  model: string;
  status: 'succeeded' | 'failed';
  /** for failed items: the provider error kind and message (never a key) */
  error?: { kind: string; message: string };
  usage?: { inputTokens: number; outputTokens: number };
  costUsd?: number;
  latencyMs?: number;
  requestId?: string;
  providerModel?: string;
  simulated?: boolean;
  updatedAt: Date;
}

export interface GenerationDoc extends CallDoc {
  profile: string;
  text?: string;
  finishReason?: string;
}

export interface JudgementDoc extends CallDoc {
  generationKey: string;
  judge: string;
  judgeProfile: string;
  judgeRound: number;
  templateId?: string;
  templateVersion?: string;
  valid?: boolean;
  /** null when the judge's output had no valid score (never 0 for invalid) */
  score?: number | null;
  invalidReason?: string;
  rationale?: string;
  raw?: string;
  dimensions?: Record<string, number>;
}

export interface ProviderLimitsDoc {
  _id: string; // profile name
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  maxConcurrency?: number;
  updatedAt: Date;
}

export interface ReportDoc {
  _id: string; // campaign id
  campaignId: string;
  dir: string;
  files: string[];
  summary: unknown;
  generatedAt: Date;
}

export const campaignCollections = (db: Db) => ({
  campaigns: db.collection<CampaignDoc>('campaigns'),
  generations: db.collection<GenerationDoc>('generations'),
  judgements: db.collection<JudgementDoc>('judgements'),
  providerLimits: db.collection<ProviderLimitsDoc>('provider_limits'),
  reports: db.collection<ReportDoc>('reports'),
});

import type { CampaignConfig } from '../config/campaign.js';
import type { CategoryCode } from '../dataset/categories.js';
import type { ProviderProfile } from '../providers/profiles.js';
import type { RecordPlacement } from '../scoring/score-record.js';

export type CampaignStatus = 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';

/** A judge template as a campaign judges with it: its text, so every worker judges with exactly this version. */
export interface StoredTemplate {
  /** category/language/mode */
  key: string;
  id: string;
  version: string;
  text: string;
}

export interface ModelOp {
  model: string;
  op: number;
  usable: number;
  questions: number;
}

export interface CampaignDoc {
  _id: string;
  config: CampaignConfig;
  configHash: string;
  configFile: string;
  /** profile definitions as they were at start (key env var names only, never keys) */
  profiles: Record<string, ProviderProfile>;
  /** the judge templates as they were at start; absent on documents older than the snapshot (migrated on load) */
  templates?: StoredTemplate[];
  /** hash of `profiles` and `templates`: workers build clients per snapshot, never from a stale cache */
  settingsHash?: string;
  datasetId: string;
  status: CampaignStatus;
  /** why the campaign could not go on, when its status is failed */
  error?: string;
  createdAt: Date;
  updatedAt: Date;
  report?: { models: ModelOp[]; generatedAt: Date };
}

/** What every stored call result shares: where it belongs and what it cost. */
interface CallDoc extends RecordPlacement {
  _id: string;
  campaignId: string;
  configHash: string;
  category: CategoryCode;
  round: number;
  sample: number;
  model: string;
  status: 'succeeded' | 'failed';
  /** for failed items: the provider error kind and message (never a key) */
  error?: { kind: string; message: string };
  usage?: { inputTokens: number; outputTokens: number; cachedInputTokens?: number; cacheWriteTokens?: number };
  /** what the call cost as billed (costMode: answered at once, or as a batch item), cached input tokens included */
  costUsd?: number;
  costMode?: 'realtime' | 'batch';
  /** what the same usage would have cost answered at once (equal to costUsd for realtime calls) */
  realtimeCostUsd?: number;
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
  /** the question's checklist version judged against; absent is 0, the checklist as imported */
  checklistVersion?: number;
  /** the refinement (re-judge) that asked for this judgement; absent for the campaign's own judging */
  refinementId?: string;
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

export interface StoredReportFile {
  name: string;
  text: string;
}

/** A campaign's report in every format, stored so that any machine can fetch it (`report --campaign`). */
export interface ReportDoc {
  _id: string; // campaign id
  campaignId: string;
  /** report.md, report.html, report.csv, report.json, report.usability.svg, report.scores.svg; a list because
   * MongoDB-compatible stores (FerretDB) refuse field names with dots */
  files: StoredReportFile[];
  models: ModelOp[];
  generatedAt: Date;
}

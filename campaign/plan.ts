import type { Db } from 'mongodb';
import { participantId, type Participant } from '../config/campaign.js';
import { planConversations, type Conversation } from '../dataset/conversations.js';
import type { ProviderProfile } from '../providers/profiles.js';
import type { CampaignDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import type { CampaignContexts } from './context.js';
import { notFound } from './failures.js';
import { providerQueue } from './keys.js';

/** The small plan a campaign workflow runs from: ids, queues and counts only; the config stays in MongoDB. */
/** A participant's calls in batch mode: at most this many items per batch, failed items retried by batch or realtime. */
export interface BatchPlan {
  maxRequests: number;
  retry: 'batch' | 'realtime';
}

export interface PlanEntry {
  id: string;
  queue: string;
  batch?: BatchPlan;
}

export interface CampaignPlan {
  datasetId: string;
  models: PlanEntry[];
  judges: PlanEntry[];
  samples: number;
  judgeRounds: number;
  window: number;
  conversationsPerRun: number;
  maxAttempts: number;
  conversations: number;
  /** questions per category after filters; totals for progress */
  questionsByCategory: Record<string, number>;
}

function entry(p: Participant, profiles: Record<string, ProviderProfile>): PlanEntry {
  const batch = profiles[p.profile]?.batch;
  return { id: participantId(p), queue: providerQueue(p.profile), ...(batch?.enabled ? { batch: { maxRequests: batch.maxRequests, retry: batch.retry } } : {}) };
}

/** The conversations a campaign runs, from a fresh read of its document (after growth the cached one is old). */
export async function campaignConversations(contexts: CampaignContexts, campaignId: string): Promise<Conversation[]> {
  contexts.forget(campaignId);
  const context = await contexts.get(campaignId);
  return planConversations([...context.questions.values()], context.doc.config.filters);
}

/** The models whose answers a campaign judges: its own, or those of the campaign a judge-only campaign takes answers from. */
export async function modelEntries(db: Db, doc: Pick<CampaignDoc, 'config' | 'profiles'>): Promise<PlanEntry[]> {
  const { config } = doc;
  if (!config.answersFrom) return config.models.map((m) => entry(m, doc.profiles));
  const source = await collections(db).campaigns.findOne({ _id: config.answersFrom.campaign });
  if (!source) throw notFound(`answersFrom: campaign ${config.answersFrom.campaign} does not exist`);
  // its answers are stored: nothing is generated, so nothing is batched
  return source.config.models.map((m) => ({ id: participantId(m), queue: providerQueue(m.profile) }));
}

export async function buildPlan(db: Db, contexts: CampaignContexts, campaignId: string): Promise<CampaignPlan> {
  const conversations = await campaignConversations(contexts, campaignId);
  const { doc } = await contexts.get(campaignId);
  const { config } = doc;
  const questionsByCategory: Record<string, number> = {};
  for (const c of conversations) questionsByCategory[c.category] = (questionsByCategory[c.category] ?? 0) + c.questionIds.length;
  const models = await modelEntries(db, doc);
  return {
    datasetId: doc.datasetId,
    models,
    judges: config.judges.map((j) => entry(j, doc.profiles)),
    samples: config.samples,
    judgeRounds: config.judgeRounds,
    window: config.orchestration.window,
    conversationsPerRun: config.orchestration.conversationsPerRun,
    maxAttempts: config.orchestration.maxAttempts,
    conversations: conversations.length,
    questionsByCategory,
  };
}

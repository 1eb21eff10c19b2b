import { ApplicationFailure } from '@temporalio/activity';
import type { Collection, Db, Filter, UpdateFilter } from 'mongodb';
import { participantId } from '../config/campaign.js';
import { planConversations, type Conversation } from '../dataset/conversations.js';
import { campaignCollections, type CampaignStatus, type GenerationDoc, type JudgementDoc } from '../store/campaign-docs.js';
import { generationKey, providerQueue } from '../workflows/keys.js';
import type { CampaignContexts } from './campaign-context.js';
import { placement, questionOf, resolveJudgement, type GenerateInput, type JudgeInput } from './calls.js';

export interface CampaignPlan {
  datasetId: string;
  models: { id: string; queue: string }[];
  judges: { id: string; queue: string }[];
  samples: number;
  judgeRounds: number;
  window: number;
  conversationsPerRun: number;
  maxAttempts: number;
  conversations: number;
  /** questions per category after filters; totals for progress */
  questionsByCategory: Record<string, number>;
}

export interface FailureInput {
  error: { kind: string; message: string };
}

export function createCampaignStateActivities(deps: { db: Db; contexts: CampaignContexts }) {
  const { campaigns, generations, judgements } = campaignCollections(deps.db);
  const conversationsOf = async (campaignId: string): Promise<Conversation[]> => {
    deps.contexts.forget(campaignId);
    const context = await deps.contexts.get(campaignId);
    return planConversations([...context.questions.values()], context.doc.config.filters);
  };

  return {
    /** The small plan a campaign workflow runs from; the config itself stays in MongoDB. */
    async loadPlan(input: { campaignId: string }): Promise<CampaignPlan> {
      // conversationsOf reloads the campaign first: after growth the worker's cached config is the old one
      const conversations = await conversationsOf(input.campaignId);
      const context = await deps.contexts.get(input.campaignId);
      const { config } = context.doc;
      const questionsByCategory: Record<string, number> = {};
      for (const c of conversations) questionsByCategory[c.category] = (questionsByCategory[c.category] ?? 0) + c.questionIds.length;
      const entry = (p: (typeof config.models)[number]) => ({ id: participantId(p), queue: providerQueue(p.profile) });
      const sourceModels = config.answersFrom ? await modelsOf(config.answersFrom.campaign) : config.models.map(entry);
      return {
        datasetId: context.doc.datasetId,
        models: sourceModels,
        judges: config.judges.map(entry),
        samples: config.samples,
        judgeRounds: config.judgeRounds,
        window: config.orchestration.window,
        conversationsPerRun: config.orchestration.conversationsPerRun,
        maxAttempts: config.orchestration.maxAttempts,
        conversations: conversations.length,
        questionsByCategory,
      };
    },

    async listConversations(input: { campaignId: string; offset: number; limit: number }): Promise<Conversation[]> {
      return (await conversationsOf(input.campaignId)).slice(input.offset, input.offset + input.limit);
    },

    async setCampaignStatus(input: { campaignId: string; status: CampaignStatus }): Promise<void> {
      await campaigns.updateOne({ _id: input.campaignId }, { $set: { status: input.status, updatedAt: new Date() } });
    },

    /** Records a generation that will not be retried again, with why; a later success overwrites it. */
    async recordGenerationFailure(input: GenerateInput & FailureInput): Promise<void> {
      const context = await deps.contexts.get(input.campaignId);
      const question = questionOf(context, input.questionId);
      const key = generationKey(input.campaignId, input.modelId, input.questionId, input.sample);
      await recordFailed(generations, key, {
        campaignId: input.campaignId,
        configHash: context.doc.configHash,
        ...placement(question),
        sample: input.sample,
        model: input.modelId,
        profile: context.doc.config.models.find((m) => participantId(m) === input.modelId)?.profile ?? input.modelId,
        status: 'failed',
        error: input.error,
        updatedAt: new Date(),
      });
    },

    async recordJudgementFailure(input: JudgeInput & FailureInput): Promise<void> {
      const { key, identity } = await resolveJudgement(deps, input);
      await recordFailed(judgements, key, { ...identity, status: 'failed', score: null, valid: false, error: input.error, updatedAt: new Date() });
    },
  };

  async function modelsOf(campaignId: string) {
    const source = await campaigns.findOne({ _id: campaignId });
    if (!source) throw ApplicationFailure.nonRetryable(`answersFrom: campaign ${campaignId} does not exist`, 'bad_request');
    return source.config.models.map((p) => ({ id: participantId(p), queue: providerQueue(p.profile) }));
  }
}

/**
 * Stores an item as failed unless its key already succeeded. Read by _id, then write by _id: FerretDB's SQLite
 * backend scans the whole collection for any other filter. Only a duplicate activity succeeding between the two
 * steps could be overwritten, and a later success overwrites a failure again.
 */
async function recordFailed<T extends GenerationDoc | JudgementDoc>(collection: Collection<T>, key: string, fields: Partial<T>): Promise<void> {
  const existing = await collection.findOne({ _id: key } as Filter<T>, { projection: { status: 1 } });
  if (existing?.status === 'succeeded') return;
  await collection.updateOne({ _id: key } as Filter<T>, { $set: fields } as UpdateFilter<T>, { upsert: true });
}

import type { Db } from 'mongodb';
import { buildMessages } from '../providers/messages.js';
import { placementOf } from '../scoring/score-record.js';
import type { GenerationDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { recordGenerationFact } from '../store/explorer.js';
import { callCost, callFacts, type CallOutcome } from './call-facts.js';
import { questionOf, type CampaignContext, type CampaignContexts } from './context.js';
import type { Question } from '../dataset/schema.js';
import { CampaignFailure } from './failures.js';
import { conversationHistory, succeeded } from './history.js';
import { generationKey } from './keys.js';
import { paidCall, type CallContext, type CallDeps } from './paid-call.js';

export interface GenerateInput {
  campaignId: string;
  modelId: string;
  questionId: string;
  sample: number;
}

export interface StepDeps extends CallDeps {
  db: Db;
  contexts: CampaignContexts;
}

/** What a generation row says of where it belongs, whether it succeeded or failed. */
export function generationIdentity(context: CampaignContext, question: Question, input: GenerateInput, profile: string) {
  return {
    campaignId: input.campaignId,
    configHash: context.doc.configHash,
    ...placementOf(question),
    category: question.category,
    round: question.round,
    sample: input.sample,
    model: input.modelId,
    profile,
  };
}

/** Stores an answer by its key (a success replaces a failure) and its facts in the explorer's read model. */
export async function storeGeneration(db: Db, doc: GenerationDoc): Promise<void> {
  const { _id, ...fields } = doc;
  await collections(db).generations.updateOne({ _id }, { $set: fields, $unset: { error: '' } }, { upsert: true });
  await recordGenerationFact(db, doc);
}

/**
 * Step 1 of the method, generation: the model under test answers one round of one sampled conversation, with the
 * earlier rounds (this sample's own answers) as history. Nothing is paid when the answer is already stored.
 */
export async function generateAnswer(deps: StepDeps, ctx: CallContext, input: GenerateInput): Promise<CallOutcome> {
  const { generations } = collections(deps.db);
  const source = (await deps.contexts.get(input.campaignId)).doc.config.answersFrom?.campaign;
  const key = generationKey(source ?? input.campaignId, input.modelId, input.questionId, input.sample);
  if (await succeeded(generations, key, { _id: 1 })) return { key, cached: true, costUsd: 0 };
  if (source) throw new CampaignFailure('missing_answer', `campaign ${source} has no answer ${key}`);

  const { participant, profile, context } = await deps.contexts.participant(input.campaignId, 'models', input.modelId);
  const { config } = context.doc;
  const question = questionOf(context, input.questionId);
  const turns = await conversationHistory(deps.db, context, (id) => generationKey(input.campaignId, input.modelId, id, input.sample), question);
  const result = await paidCall(deps, ctx, input.campaignId, profile, config.rateLimits[profile.name], {
    model: profile.model,
    ...(config.systemPrompt ? { system: config.systemPrompt } : {}),
    messages: buildMessages(turns, question.problem),
    params: { ...profile.params, ...participant.params },
    callKey: key,
    ref: { questionId: question.id, sample: input.sample },
  });
  const costUsd = callCost(profile, result);
  const doc: GenerationDoc = {
    _id: key,
    ...generationIdentity(context, question, input, profile.name),
    status: 'succeeded',
    text: result.text,
    finishReason: result.finishReason,
    ...callFacts(result, costUsd),
  };
  await storeGeneration(deps.db, doc);
  return { key, cached: false, costUsd };
}

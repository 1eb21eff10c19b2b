import type { Db } from 'mongodb';
import type { RateLimits } from '../config/common-schemas.js';
import type { CompletionRequest, CompletionResult } from '../providers/contract.js';
import type { BillingMode } from '../providers/cost.js';
import type { ProviderProfile } from '../providers/profiles.js';
import { buildMessages } from '../providers/messages.js';
import { placementOf } from '../scoring/score-record.js';
import type { GenerationDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { recordGenerationFact } from '../store/explorer.js';
import { callFacts, type CallOutcome } from './call-facts.js';
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

/** A paid call (generation or judgement) ready to be made: its request, and how to store what the provider answers. */
export interface PreparedCall<T extends CallOutcome> {
  key: string;
  profile: ProviderProfile;
  limits: RateLimits | undefined;
  request: CompletionRequest;
  /** stores the answer under the call's key, billed as it was (realtime or batch) */
  store(result: CompletionResult, mode: BillingMode): Promise<T>;
}

/** The stored outcome when the answer is already stored (nothing to pay), else the call to make. */
export async function prepareGeneration(deps: StepDeps, input: GenerateInput): Promise<{ done: CallOutcome } | PreparedCall<CallOutcome>> {
  const { generations } = collections(deps.db);
  const source = (await deps.contexts.get(input.campaignId)).doc.config.answersFrom?.campaign;
  const key = generationKey(source ?? input.campaignId, input.modelId, input.questionId, input.sample);
  if (await succeeded(generations, key, { _id: 1 })) return { done: { key, cached: true, costUsd: 0 } };
  if (source) throw new CampaignFailure('missing_answer', `campaign ${source} has no answer ${key}`);

  const { participant, profile, context } = await deps.contexts.participant(input.campaignId, 'models', input.modelId);
  const { config } = context.doc;
  const question = questionOf(context, input.questionId);
  const turns = await conversationHistory(deps.db, context, (id) => generationKey(input.campaignId, input.modelId, id, input.sample), question);
  const request: CompletionRequest = {
    model: profile.model,
    ...(config.systemPrompt ? { system: config.systemPrompt } : {}),
    messages: buildMessages(turns, question.problem),
    params: { ...profile.params, ...participant.params },
    callKey: key,
    ref: { questionId: question.id, sample: input.sample },
  };
  const store = async (result: CompletionResult, mode: BillingMode): Promise<CallOutcome> => {
    const facts = callFacts(result, profile, mode);
    await storeGeneration(deps.db, {
      _id: key,
      ...generationIdentity(context, question, input, profile.name),
      status: 'succeeded',
      text: result.text,
      finishReason: result.finishReason,
      ...facts,
    });
    return { key, cached: false, costUsd: facts.costUsd };
  };
  return { key, profile, limits: config.rateLimits[profile.name], request, store };
}

/**
 * Step 1 of the method, generation: the model under test answers one round of one sampled conversation, with the
 * earlier rounds (this sample's own answers) as history. Nothing is paid when the answer is already stored.
 */
export async function generateAnswer(deps: StepDeps, ctx: CallContext, input: GenerateInput): Promise<CallOutcome> {
  const prepared = await prepareGeneration(deps, input);
  if ('done' in prepared) return prepared.done;
  const result = await paidCall(deps, ctx, input.campaignId, prepared.profile, prepared.limits, prepared.request);
  return prepared.store(result, 'realtime');
}

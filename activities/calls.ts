import { ApplicationFailure } from '@temporalio/activity';
import type { Collection, Db, Filter } from 'mongodb';
import { questionId as makeQuestionId, type Question } from '../dataset/schema.js';
import type { CompletionResult } from '../providers/contract.js';
import { cost } from '../providers/cost.js';
import { buildMessages, type Turn } from '../providers/messages.js';
import { parseJudgeOutput } from '../scoring/judge-output.js';
import { selectTemplate } from '../scoring/judge-template.js';
import { parseMtgDimensionsOutput } from '../scoring/mtg-dimensions-output.js';
import { mtgTotal } from '../scoring/mtg-total.js';
import { renderJudgePrompt } from '../scoring/render-judge-prompt.js';
import { campaignCollections, type GenerationDoc, type JudgementDoc } from '../store/campaign-docs.js';
import { generationKey, judgementKey } from '../workflows/keys.js';
import type { CampaignContext, CampaignContexts } from './campaign-context.js';
import type { CampaignControl } from './campaign-control.js';
import { paidCall } from './paid-call.js';

export interface GenerateInput {
  campaignId: string;
  modelId: string;
  questionId: string;
  sample: number;
}

export interface CallOutcome {
  key: string;
  /** true when the stored result was returned and nothing was paid */
  cached: boolean;
  costUsd: number;
}

export interface JudgeInput {
  campaignId: string;
  generationKey: string;
  judgeId: string;
  judgeRound: number;
}

export interface JudgeOutcome extends CallOutcome {
  valid: boolean;
  score: number | null;
}

export function questionOf(context: CampaignContext, id: string): Question {
  const question = context.questions.get(id);
  if (!question) throw ApplicationFailure.nonRetryable(`question ${id} is not in dataset ${context.doc.datasetId}`, 'bad_request');
  return question;
}

/**
 * The stored result under `key` if it succeeded. The filter is the key alone on purpose: FerretDB's SQLite backend
 * (the local store) hands a filter to SQLite only when it is `_id` alone; with any other field it decodes and tests
 * every stored document itself, so each call got slower as the campaign grew (scripts/bench-overhead.ts shows it).
 */
async function succeeded<T extends GenerationDoc | JudgementDoc>(collection: Collection<T>, key: string, projection?: Record<string, 1>): Promise<T | null> {
  const doc = (await collection.findOne({ _id: key } as Filter<T>, projection ? { projection: { ...projection, status: 1 } } : {})) as T | null;
  return doc?.status === 'succeeded' ? doc : null;
}

/** The earlier rounds of one sampled conversation: each round's question and this sample's stored answer. */
async function history(db: Db, context: CampaignContext, genKeyOf: (questionId: string) => string, question: Question): Promise<Turn[]> {
  const turns: Turn[] = [];
  for (let round = 1; round < question.round; round += 1) {
    const earlier = questionOf(context, makeQuestionId(question.category, question.groupCode, round));
    const answer = await succeeded(campaignCollections(db).generations, genKeyOf(earlier.id));
    if (!answer?.text) {
      throw ApplicationFailure.nonRetryable(`round ${round} of ${question.category}-${question.groupCode} has no answer`, 'history_missing');
    }
    turns.push({ question: earlier.problem, answer: answer.text });
  }
  return turns;
}

/** Where a question lives, copied onto every stored result so reports never need a join. */
export function placement(question: Question) {
  return { questionId: question.id, category: question.category, groupCode: question.groupCode, round: question.round };
}

export function createCallActivities(deps: { db: Db; contexts: CampaignContexts; control: CampaignControl }) {
  const { generations, judgements } = campaignCollections(deps.db);

  return {
    /** Answers one round of one sampled conversation, unless that answer is already stored. */
    async generate(input: GenerateInput): Promise<CallOutcome> {
      const source = (await deps.contexts.get(input.campaignId)).doc.config.answersFrom?.campaign;
      const key = generationKey(source ?? input.campaignId, input.modelId, input.questionId, input.sample);
      const stored = await succeeded(generations, key, { _id: 1 });
      if (stored) return { key, cached: true, costUsd: 0 };
      if (source) throw ApplicationFailure.nonRetryable(`campaign ${source} has no answer ${key}`, 'missing_answer');
      const { participant, profile, context } = await deps.contexts.participant(input.campaignId, 'models', input.modelId);
      const config = context.doc.config;
      const question = questionOf(context, input.questionId);
      const turns = await history(deps.db, context, (id) => generationKey(input.campaignId, input.modelId, id, input.sample), question);
      const result = await paidCall(deps, input.campaignId, profile, config, {
        model: profile.model,
        ...(config.systemPrompt ? { system: config.systemPrompt } : {}),
        messages: buildMessages(turns, question.problem),
        params: { ...profile.params, ...participant.params },
        idempotencyKey: key,
        ref: { questionId: question.id, sample: input.sample },
      });
      const costUsd = profile.pricing ? cost(result.usage, profile.pricing) : 0;
      const doc: GenerationDoc = {
        _id: key,
        campaignId: input.campaignId,
        configHash: context.doc.configHash,
        ...placement(question),
        sample: input.sample,
        model: input.modelId,
        profile: profile.name,
        status: 'succeeded',
        text: result.text,
        finishReason: result.finishReason,
        ...callFacts(result, costUsd),
      };
      const { _id, ...fields } = doc;
      await generations.updateOne({ _id }, { $set: fields, $unset: { error: '' } }, { upsert: true });
      return { key, cached: false, costUsd };
    },

    /** Scores one stored answer once (one judge, one judging round), unless that verdict is already stored. */
    async judge(input: JudgeInput): Promise<JudgeOutcome> {
      const { participant, profile, context, config, generation, question, mode, template, key, identity } = await resolveJudgement(deps, input);
      if (!generation.text) throw ApplicationFailure.nonRetryable(`answer ${input.generationKey} has no text`, 'missing_answer');
      const stored = await succeeded(judgements, key, { valid: 1, score: 1 });
      if (stored) return { key, cached: true, costUsd: 0, valid: stored.valid ?? false, score: stored.score ?? null };

      const sourceCampaign = generation.campaignId;
      const turns = await history(deps.db, context, (id) => generationKey(sourceCampaign, generation.model, id, generation.sample), question);
      const prompt = renderJudgePrompt(template, question, turns, generation.text);
      const result = await paidCall(deps, input.campaignId, profile, config, {
        model: profile.model,
        system: prompt.system,
        messages: [{ role: 'user', content: prompt.user }],
        params: { ...profile.params, ...participant.params },
        idempotencyKey: key,
      });
      const verdict = mode === 'mtg-dimensions' ? dimensionsVerdict(result.text) : parseJudgeOutput(result.text);
      const costUsd = profile.pricing ? cost(result.usage, profile.pricing) : 0;
      const score = verdict.valid ? verdict.score : null;
      const doc: JudgementDoc = {
        _id: key,
        ...identity,
        status: 'succeeded',
        valid: verdict.valid,
        score,
        ...(verdict.valid ? { rationale: verdict.rationale } : { invalidReason: verdict.reason }),
        ...dimensionsOf(verdict),
        raw: result.text,
        ...callFacts(result, costUsd),
      };
      const { _id, ...fields } = doc;
      await judgements.updateOne({ _id }, { $set: fields, $unset: { error: '' } }, { upsert: true });
      return { key, cached: false, costUsd, valid: verdict.valid, score };
    },
  };
}

/** Everything about one judgement that does not need the call: who judges, with which template, under which key. */
export async function resolveJudgement(deps: { db: Db; contexts: CampaignContexts }, input: JudgeInput) {
  const { participant, profile, context } = await deps.contexts.participant(input.campaignId, 'judges', input.judgeId);
  const config = context.doc.config;
  const generation = await succeeded(campaignCollections(deps.db).generations, input.generationKey);
  if (!generation) throw ApplicationFailure.nonRetryable(`answer ${input.generationKey} is not stored`, 'missing_answer');
  const question = questionOf(context, generation.questionId);
  const mode = question.category === 'MTG' && config.judging.mtgMode === 'dimensions' ? ('mtg-dimensions' as const) : ('score' as const);
  const template = selectTemplate(context.templates, question.category, config.judging.language, mode);
  const key = judgementKey(input.campaignId, input.generationKey, input.judgeId, template.version, input.judgeRound);
  /** the fields a stored judgement has whether its call succeeded or failed */
  const identity = {
    campaignId: input.campaignId,
    configHash: context.doc.configHash,
    ...placement(question),
    sample: generation.sample,
    model: generation.model,
    generationKey: input.generationKey,
    judge: input.judgeId,
    judgeProfile: profile.name,
    judgeRound: input.judgeRound,
    templateId: template.id,
    templateVersion: template.version,
  };
  return { participant, profile, context, config, generation, question, mode, template, key, identity };
}

/** What every successful call stores about itself besides its text. */
function callFacts(result: CompletionResult, costUsd: number) {
  return {
    usage: result.usage,
    costUsd,
    latencyMs: result.latencyMs,
    providerModel: result.model,
    ...(result.requestId ? { requestId: result.requestId } : {}),
    ...(result.simulated ? { simulated: true } : {}),
    updatedAt: new Date(),
  };
}

/** Five-dimension MTG verdicts become one 0–7 score (safety vetoes), judged against the MTG threshold in reports. */
function dimensionsVerdict(text: string) {
  const verdict = parseMtgDimensionsOutput(text);
  if (!verdict.valid) return verdict;
  return { ...verdict, score: mtgTotal(verdict.dimensions) };
}

function dimensionsOf(verdict: object): { dimensions?: Record<string, number> } {
  return 'dimensions' in verdict ? { dimensions: { ...(verdict.dimensions as Record<string, number>) } } : {};
}

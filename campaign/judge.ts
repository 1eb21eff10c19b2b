import type { CompletionRequest, CompletionResult } from '../providers/contract.js';
import type { BillingMode } from '../providers/cost.js';
import { judgeModeFor } from '../scoring/judge-modes/index.js';
import { selectTemplate } from '../scoring/judge-template.js';
import { renderJudgePrompt } from '../scoring/render-judge-prompt.js';
import { placementOf } from '../scoring/score-record.js';
import type { JudgementDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { callFacts, type CallOutcome } from './call-facts.js';
import { questionOf } from './context.js';
import { CampaignFailure } from './failures.js';
import type { PreparedCall, StepDeps } from './generate.js';
import { conversationHistory, succeeded } from './history.js';
import { generationKey, judgementKey } from './keys.js';
import { paidCall, type CallContext } from './paid-call.js';

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

/** Everything about one judgement that does not need the call: who judges, in which mode and template, under which key. */
export async function resolveJudgement(deps: Pick<StepDeps, 'db' | 'contexts'>, input: JudgeInput) {
  const { participant, profile, context } = await deps.contexts.participant(input.campaignId, 'judges', input.judgeId);
  const { config } = context.doc;
  const generation = await succeeded(collections(deps.db).generations, input.generationKey);
  if (!generation) throw new CampaignFailure('missing_answer', `answer ${input.generationKey} is not stored`);
  const question = questionOf(context, generation.questionId);
  const mode = judgeModeFor(question.category, config.judging);
  const template = selectTemplate(context.templates, question.category, config.judging.language, mode.mode);
  const key = judgementKey(input.campaignId, input.generationKey, input.judgeId, template.version, input.judgeRound);
  /** the fields a stored judgement has whether its call succeeded or failed */
  const identity = {
    campaignId: input.campaignId,
    configHash: context.doc.configHash,
    ...placementOf(question),
    category: question.category,
    round: question.round,
    sample: generation.sample,
    model: generation.model,
    generationKey: input.generationKey,
    judge: input.judgeId,
    judgeProfile: profile.name,
    judgeRound: input.judgeRound,
    templateId: template.id,
    templateVersion: template.version,
  };
  return { participant, profile, context, generation, question, mode, template, key, identity };
}

/** The stored verdict when the answer is already judged (nothing to pay), else the call to make. */
export async function prepareJudgement(deps: StepDeps, input: JudgeInput): Promise<{ done: JudgeOutcome } | PreparedCall<JudgeOutcome>> {
  const { judgements } = collections(deps.db);
  const { participant, profile, context, generation, question, mode, template, key, identity } = await resolveJudgement(deps, input);
  if (!generation.text) throw new CampaignFailure('missing_answer', `answer ${input.generationKey} has no text`);
  const stored = await succeeded(judgements, key, { valid: 1, score: 1 });
  if (stored) return { done: { key, cached: true, costUsd: 0, valid: stored.valid ?? false, score: stored.score ?? null } };

  const turns = await conversationHistory(deps.db, context, (id) => generationKey(generation.campaignId, generation.model, id, generation.sample), question);
  const prompt = renderJudgePrompt(template, question, turns, generation.text);
  const request: CompletionRequest = {
    model: profile.model,
    system: prompt.system,
    messages: [{ role: 'user', content: prompt.user }],
    params: { ...profile.params, ...participant.params },
    callKey: key,
    cacheable: true,
  };
  const store = async (result: CompletionResult, billing: BillingMode): Promise<JudgeOutcome> => {
    const reading = mode.read(result.text);
    const facts = callFacts(result, profile, billing);
    const score = reading.valid ? reading.score : null;
    const doc: JudgementDoc = {
      _id: key,
      ...identity,
      status: 'succeeded',
      valid: reading.valid,
      score,
      ...(reading.valid ? { rationale: reading.rationale, ...(reading.dimensions ? { dimensions: reading.dimensions } : {}) } : { invalidReason: reading.reason }),
      raw: result.text,
      ...facts,
    };
    const { _id, ...fields } = doc;
    await judgements.updateOne({ _id }, { $set: fields, $unset: { error: '' } }, { upsert: true });
    return { key, cached: false, costUsd: facts.costUsd, valid: reading.valid, score };
  };
  return { key, profile, limits: context.doc.config.rateLimits[profile.name], request, store };
}

/**
 * Step 2 of the method, judging: one judge scores one stored answer once (one judging round) against the reference
 * answer and the checklist, with its category's rubric. Unparseable output is stored as invalid (score null), never 0.
 */
export async function judgeAnswer(deps: StepDeps, ctx: CallContext, input: JudgeInput): Promise<JudgeOutcome> {
  const prepared = await prepareJudgement(deps, input);
  if ('done' in prepared) return prepared.done;
  const result = await paidCall(deps, ctx, input.campaignId, prepared.profile, prepared.limits, prepared.request);
  return prepared.store(result, 'realtime');
}

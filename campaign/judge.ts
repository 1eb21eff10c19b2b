import type { Db } from 'mongodb';
import type { Question } from '../dataset/schema.js';
import type { CompletionRequest, CompletionResult } from '../providers/contract.js';
import type { BillingMode } from '../providers/cost.js';
import { judgeModeFor } from '../scoring/judge-modes/index.js';
import { selectTemplate } from '../scoring/judge-template.js';
import { renderJudgePrompt } from '../scoring/render-judge-prompt.js';
import { placementOf } from '../scoring/score-record.js';
import type { JudgementDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { recordJudgementFact } from '../store/explorer.js';
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
  /** a re-judge: judge with this refinement's version for the answer (absent: the campaign's own templates) */
  refinementId?: string;
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
  const imported = questionOf(context, generation.questionId);
  const mode = judgeModeFor(imported.category, config.judging);
  const { template, checklistVersion, question } = input.refinementId
    ? await refinedVersion(deps, input.campaignId, input.refinementId, input.generationKey, imported)
    : { template: selectTemplate(context.templates, imported.category, config.judging.language, mode.mode), checklistVersion: 0, question: imported };
  const key = judgementKey(input.campaignId, input.generationKey, input.judgeId, template.version, input.judgeRound, checklistVersion);
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
    ...(checklistVersion > 0 ? { checklistVersion } : {}),
    ...(input.refinementId ? { refinementId: input.refinementId } : {}),
  };
  return { participant, profile, context, generation, question, mode, template, key, identity };
}

/** Stores a judgement by its key (a success replaces a failure) and its facts in the explorer's read model. */
export async function storeJudgement(db: Db, doc: JudgementDoc): Promise<void> {
  const { _id, ...fields } = doc;
  await collections(db).judgements.updateOne({ _id }, { $set: fields, $unset: { error: '' } }, { upsert: true });
  await recordJudgementFact(db, doc);
}

/** The template and checklist a refinement judges this answer with (its version of the judging, see scoring/judging-version.ts). */
async function refinedVersion(deps: Pick<StepDeps, 'contexts'>, campaignId: string, refinementId: string, generationKey: string, question: Question) {
  const judging = await deps.contexts.refinement(campaignId, refinementId);
  const version = judging.versionOf({ generationKey, category: question.category, questionId: question.id });
  if (!version) throw new CampaignFailure('invalid_config', `campaign ${campaignId} has no judge template for ${question.category}`);
  return { template: judging.template(version.templateVersion), checklistVersion: version.checklistVersion, question: await judging.question(question, version.checklistVersion) };
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
    await storeJudgement(deps.db, {
      _id: key,
      ...identity,
      status: 'succeeded',
      valid: reading.valid,
      score,
      ...(reading.valid ? { rationale: reading.rationale, ...(reading.dimensions ? { dimensions: reading.dimensions } : {}) } : { invalidReason: reading.reason }),
      raw: result.text,
      ...facts,
    });
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

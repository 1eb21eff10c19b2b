import type { Collection, Db, Filter, UpdateFilter } from 'mongodb';
import { participantId } from '../config/campaign.js';
import type { CampaignStatus, GenerationDoc, JudgementDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { recordGenerationFact, recordJudgementFact } from '../store/explorer.js';
import { questionOf, type CampaignContexts } from './context.js';
import { generationIdentity, type GenerateInput } from './generate.js';
import { resolveJudgement, type JudgeInput } from './judge.js';
import { generationKey } from './keys.js';

export interface FailureInput {
  error: { kind: string; message: string };
}

/**
 * Stores an item as failed unless its key already succeeded. Read by _id, then write by _id: FerretDB's SQLite
 * backend scans the whole collection for any other filter. Only a duplicate activity succeeding between the two
 * steps could be overwritten, and a later success overwrites a failure again.
 */
async function recordFailed<T extends GenerationDoc | JudgementDoc>(collection: Collection<T>, key: string, fields: Partial<T>): Promise<boolean> {
  const existing = await collection.findOne({ _id: key } as Filter<T>, { projection: { status: 1 } });
  if (existing?.status === 'succeeded') return false;
  await collection.updateOne({ _id: key } as Filter<T>, { $set: fields } as UpdateFilter<T>, { upsert: true });
  return true;
}

/** A generation that will not be retried again (attempted and failed, or skipped), with why. */
export async function recordGenerationFailure(deps: { db: Db; contexts: CampaignContexts }, input: GenerateInput & FailureInput): Promise<void> {
  const context = await deps.contexts.get(input.campaignId);
  const question = questionOf(context, input.questionId);
  const key = generationKey(input.campaignId, input.modelId, input.questionId, input.sample);
  const profile = context.doc.config.models.find((m) => participantId(m) === input.modelId)?.profile ?? input.modelId;
  const fields = { ...generationIdentity(context, question, input, profile), status: 'failed' as const, error: input.error, updatedAt: new Date() };
  if (await recordFailed(collections(deps.db).generations, key, fields)) await recordGenerationFact(deps.db, { _id: key, ...fields });
}

export async function recordJudgementFailure(deps: { db: Db; contexts: CampaignContexts }, input: JudgeInput & FailureInput): Promise<void> {
  const { key, identity } = await resolveJudgement(deps, input);
  const fields = { ...identity, status: 'failed' as const, score: null, valid: false, error: input.error, updatedAt: new Date() };
  if (await recordFailed(collections(deps.db).judgements, key, fields)) await recordJudgementFact(deps.db, { _id: key, ...fields });
}

export async function setCampaignStatus(db: Db, input: { campaignId: string; status: CampaignStatus; error?: string }): Promise<void> {
  await collections(db).campaigns.updateOne(
    { _id: input.campaignId },
    { $set: { status: input.status, updatedAt: new Date(), ...(input.error ? { error: input.error } : {}) }, ...(input.error ? {} : { $unset: { error: '' } }) },
  );
}

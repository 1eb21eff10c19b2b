import { setTimeout as sleep } from 'node:timers/promises';
import { shortHash } from '../lib/content-hash.js';
import type { BatchCapability, BatchRequest } from '../providers/contract.js';
import { isRetryableKind, type ErrorKind } from '../providers/errors.js';
import type { ProviderProfile } from '../providers/profiles.js';
import type { BatchDoc } from '../store/batch-docs.js';
import { bindProviderBatch, claimBatchKeys, createBatchRecord, loadBatchRecord, providerBatchOwner, updateBatchRecord } from '../store/batches.js';
import type { CallOutcome } from './call-facts.js';
import { CampaignFailure } from './failures.js';
import { prepareGeneration, type GenerateInput, type PreparedCall, type StepDeps } from './generate.js';
import { prepareJudgement, type JudgeInput } from './judge.js';
import type { CallContext } from './paid-call.js';

export type BatchItemRef = { kind: 'generate'; input: GenerateInput } | { kind: 'judge'; input: JudgeInput };

export interface RunBatchInput {
  campaignId: string;
  items: BatchItemRef[];
  /** 1 for the first batch of these items, then one more for each batch that retries their failures */
  attempt: number;
}

/** What became of one item: stored (or found stored), or failed with its kind and whether another try may help. */
export type BatchItemOutcome = ({ ok: true } & CallOutcome) | { ok: false; error: { kind: string; message: string }; retryable: boolean };

const HEARTBEAT_MS = 5_000;
/** how far before the record's creation a provider batch may be dated and still be the record's (clock skew) */
const RECONCILE_SLACK_MS = 60_000;

/** The provider's custom_id for a call key: a hash within Anthropic's `^[a-zA-Z0-9_-]{1,64}$`. */
export const customIdOf = (key: string) => `k${shortHash(key, 40)}`;

/**
 * The record of a set of items in its nth batch: the same keys and attempt always name the same record, so a retried
 * activity finds its batch (also after storing part of its results), and a retry of failed items is a new batch.
 */
export const batchRecordId = (campaignId: string, profile: string, keys: readonly string[], attempt: number) =>
  `${campaignId}/batch/${profile}/${shortHash([...keys].sort().join('\n'), 24)}/a${attempt}`;

const failed = (kind: string, message: string): BatchItemOutcome => ({ ok: false, error: { kind, message }, retryable: isRetryableKind(kind as ErrorKind) });

interface Pending {
  index: number;
  customId: string;
  call: PreparedCall<CallOutcome>;
}

/**
 * Runs one batch of paid calls for one profile, exactly once across crashes: the record with every item's key and
 * custom_id is stored before the batch is submitted and the provider's batch id right after; a retried activity
 * finds the record, and a batch whose submission outcome was lost is found at the provider (by its metadata, or
 * by its items when it ends) before anything is submitted again. Polls until the provider ends the batch
 * (cancelling it when the campaign is cancelled or `maxWaitSeconds` pass), stores every answered item under the
 * same key a realtime call uses (billed as batch), and says what became of each item.
 */
export async function runBatch(deps: StepDeps, ctx: CallContext, input: RunBatchInput): Promise<BatchItemOutcome[]> {
  const outcomes: BatchItemOutcome[] = new Array<BatchItemOutcome>(input.items.length);
  const pending: Pending[] = [];
  const keys: string[] = [];
  for (const [index, item] of input.items.entries()) {
    ctx.heartbeat();
    try {
      const prepared = item.kind === 'generate' ? await prepareGeneration(deps, item.input) : await prepareJudgement(deps, item.input);
      if ('done' in prepared) outcomes[index] = { ok: true, ...prepared.done };
      else pending.push({ index, customId: customIdOf(prepared.key), call: prepared });
      keys.push('done' in prepared ? prepared.done.key : prepared.key);
    } catch (err) {
      if (!(err instanceof CampaignFailure)) throw err;
      outcomes[index] = failed(err.kind, err.message);
    }
  }
  if (pending.length === 0) return outcomes;

  const profile = pending[0]!.call.profile;
  const capability = deps.providers.get(profile).batch;
  if (!capability || !profile.batch?.enabled) throw new CampaignFailure('invalid_config', `profile ${profile.name} has no batch mode`);
  // every item's key, stored or not: a retry after part of the results was stored finds the same record
  const recordId = batchRecordId(input.campaignId, profile.name, keys, input.attempt);
  const { record, fresh } = await openRecord(deps, ctx, input.campaignId, profile, recordId, pending);
  const taken = await claimBatchKeys(deps.db, recordId, pending.map((p) => p.call.key));
  const mine = pending.filter((p) => !taken.has(p.call.key));
  for (const p of pending.filter((p) => taken.has(p.call.key))) outcomes[p.index] = failed('batch_expired', `${p.call.key} is in another open batch`);

  if (mine.length === 0 && !record.batchId) {
    // every key is in another open batch: nothing to submit
    await updateBatchRecord(deps.db, recordId, { status: 'done', endedAt: new Date() });
    return outcomes;
  }
  const batchId = record.batchId ?? (await findOrSubmit(deps, ctx, capability, profile, record, mine, fresh));
  await waitForEnd(deps, ctx, capability, batchId, profile, record);
  const byCustomId = new Map(mine.map((p) => [p.customId, p]));
  for await (const item of capability.results(batchId)) {
    ctx.heartbeat();
    const p = byCustomId.get(item.customId);
    if (!p) continue;
    byCustomId.delete(item.customId);
    outcomes[p.index] = item.ok ? { ok: true, ...(await p.call.store(item.result, 'batch')) } : failed(item.kind, item.message);
  }
  for (const p of byCustomId.values()) outcomes[p.index] = failed('batch_expired', 'the batch ended without a result for this item');
  await updateBatchRecord(deps.db, recordId, { status: 'done', endedAt: new Date() });
  return outcomes;
}

/** The record of these items: found from an earlier attempt, or stored now (after waiting out a pause) before anything is submitted. */
async function openRecord(deps: StepDeps, ctx: CallContext, campaignId: string, profile: ProviderProfile, recordId: string, pending: readonly Pending[]): Promise<{ record: BatchDoc; fresh: boolean }> {
  const existing = await loadBatchRecord(deps.db, recordId);
  if (existing) return { record: existing, fresh: false };
  // pause: no new batches; cancel: none at all
  await deps.control.waitWhilePaused(campaignId, ctx.signal, () => ctx.heartbeat());
  const doc: BatchDoc = { _id: recordId, campaignId, profile: profile.name, status: 'submitting', items: pending.map((p) => ({ key: p.call.key, customId: p.customId })), createdAt: new Date() };
  const record = await createBatchRecord(deps.db, doc);
  return { record, fresh: record === doc };
}

/**
 * A record left `submitting` by an earlier attempt may have reached the provider: its batch is looked for first
 * (OpenAI keeps the record id as metadata; for others, an unknown batch no bigger than the record whose items,
 * once it ends, are all the record's). Only when none is found are the items submitted.
 */
async function findOrSubmit(deps: StepDeps, ctx: CallContext, capability: BatchCapability, profile: ProviderProfile, record: BatchDoc, mine: readonly Pending[], fresh: boolean): Promise<string> {
  const ours = new Set(record.items.map((i) => i.customId));
  if (!fresh) {
    const listed = await capability.list(new Date(record.createdAt.getTime() - RECONCILE_SLACK_MS));
    const tagged = listed.find((b) => b.metadata.medeval_batch === record._id);
    const candidates = tagged ? [tagged] : listed.filter((b) => b.total <= ours.size && Object.keys(b.metadata).length === 0);
    for (const b of candidates) {
      // bound to this record already (the crash came between binding and recording the id), or another's
      const owner = await providerBatchOwner(deps.db, b.batchId);
      if (owner === record._id) return adopt(deps, record, b.batchId);
      if (owner !== undefined) continue;
      if (!tagged) {
        await waitForEnd(deps, ctx, capability, b.batchId, profile);
        const ids: string[] = [];
        for await (const item of capability.results(b.batchId)) ids.push(item.customId);
        if (!ids.every((id) => ours.has(id))) continue;
      }
      if (await bindProviderBatch(deps.db, b.batchId, record._id)) return adopt(deps, record, b.batchId);
    }
  }
  const requests: BatchRequest[] = mine.map((p) => ({ customId: p.customId, request: p.call.request }));
  const { batchId } = await capability.submit(requests, { campaign: record.campaignId, medeval_batch: record._id });
  await bindProviderBatch(deps.db, batchId, record._id);
  return adopt(deps, record, batchId);
}

async function adopt(deps: StepDeps, record: BatchDoc, batchId: string): Promise<string> {
  const submittedAt = new Date();
  await updateBatchRecord(deps.db, record._id, { status: 'submitted', batchId, submittedAt });
  Object.assign(record, { status: 'submitted', batchId, submittedAt });
  return batchId;
}

/**
 * Polls until the provider ends the batch, heartbeating so a dead worker is noticed and another resumes from the
 * record. For the record's own batch (`own`): a cancelled campaign, or a batch still open `maxWaitSeconds` after
 * submission, is cancelled at the provider once; its answered items still come back with the results.
 */
async function waitForEnd(deps: StepDeps, ctx: CallContext, capability: BatchCapability, batchId: string, profile: ProviderProfile, own?: BatchDoc): Promise<void> {
  const settings = profile.batch!;
  const pollMs = settings.pollSeconds * 1000;
  for (;;) {
    ctx.heartbeat();
    const status = await capability.poll(batchId);
    if (own) await updateBatchRecord(deps.db, own._id, { state: status.state, counts: status.counts });
    if (status.state !== 'in_progress') return;
    const overdue = own?.submittedAt !== undefined && Date.now() - own.submittedAt.getTime() > settings.maxWaitSeconds * 1000;
    if (own && !own.cancelRequestedAt && (overdue || (await deps.control.status(own.campaignId)) === 'cancelled')) {
      await capability.cancel(batchId);
      own.cancelRequestedAt = new Date();
      await updateBatchRecord(deps.db, own._id, { cancelRequestedAt: own.cancelRequestedAt });
      continue;
    }
    for (let waited = 0; waited < pollMs; waited += HEARTBEAT_MS) {
      await sleep(Math.min(HEARTBEAT_MS, pollMs - waited), undefined, { signal: ctx.signal });
      ctx.heartbeat();
    }
  }
}

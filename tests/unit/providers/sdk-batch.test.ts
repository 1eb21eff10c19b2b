import { describe, expect, it } from 'vitest';
import type { BatchCapability, BatchItemResult } from '../../../providers/contract.js';
import { APIS, ask, providerFor, useSimulator, type Api } from './fixtures.js';
import type { Simulator } from '../../../simulator/server.js';

const batchOf = (fake: Simulator, api: Api): BatchCapability => {
  const provider = providerFor(fake, api, { kind: api === 'anthropic' ? 'anthropic' : 'openai' });
  expect(provider.batch).toBeDefined();
  return provider.batch!;
};
const requests = ['a1', 'b2', 'c3', 'd4'].map((customId) => ({ customId, request: ask(`Question ${customId}?`) }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function collect(batch: BatchCapability, id: string): Promise<Map<string, BatchItemResult>> {
  const out = new Map<string, BatchItemResult>();
  for await (const item of batch.results(id)) out.set(item.customId, item);
  return out;
}

describe.each(APIS)('%s batch capability through the real SDK against the fake', (api) => {
  const fake = useSimulator();

  it('submit, poll, results: each item answered as a realtime call answers it', async () => {
    const batch = batchOf(fake(), api);
    const since = new Date(Date.now() - 1000);
    const { batchId } = await batch.submit(requests, { campaign: 'c1', medeval_batch: 'r1' });
    expect(await batch.poll(batchId)).toEqual({ state: 'ended', counts: { done: 4, failed: 0, total: 4 } });
    const results = await collect(batch, batchId);
    expect([...results.keys()].sort()).toEqual(['a1', 'b2', 'c3', 'd4']);
    const realtime = await providerFor(fake(), api, { kind: api === 'anthropic' ? 'anthropic' : 'openai' }).complete(ask('Question a1?'));
    const a1 = results.get('a1')!;
    expect(a1.ok && a1.result.text).toBe(realtime.text);
    expect(a1.ok && a1.result.usage).toEqual(realtime.usage);
    const listed = await batch.list(since);
    expect(listed.map((b) => [b.batchId, b.state, b.total])).toEqual([[batchId, 'ended', 4]]);
    if (api === 'openai') expect(listed[0]!.metadata).toEqual({ campaign: 'c1', medeval_batch: 'r1' });
  });

  it('per-item errors get the kinds realtime calls get; an expired batch keeps its answered items', async () => {
    fake().configure({
      batches: { delayMs: 400, expireAfterMs: 250 },
      faults: [
        { fault: 'server_error', status: 503, keys: ['a1'] },
        { fault: 'context_too_long', keys: ['b2'] },
      ],
    });
    const batch = batchOf(fake(), api);
    const { batchId } = await batch.submit(requests, {});
    expect((await batch.poll(batchId)).state).toBe('in_progress');
    await sleep(300);
    expect((await batch.poll(batchId)).state).toBe('expired');
    const results = await collect(batch, batchId);
    expect(Object.fromEntries([...results].map(([id, r]) => [id, r.ok ? 'ok' : r.kind]))).toEqual({ a1: 'overloaded', b2: 'context_too_long', c3: 'batch_expired', d4: 'batch_expired' });
  });

  it('cancel: the items answered before stay, the rest are cancelled', async () => {
    fake().configure({ batches: { delayMs: 1000 } });
    const batch = batchOf(fake(), api);
    const { batchId } = await batch.submit(requests, {});
    await sleep(300);
    await batch.cancel(batchId);
    expect((await batch.poll(batchId)).state).toBe('cancelled');
    const kinds = [...(await collect(batch, batchId)).values()].map((r) => (r.ok ? 'ok' : r.kind));
    expect(kinds.filter((k) => k === 'ok').length).toBe(fake().calls().total);
    expect(kinds.every((k) => k === 'ok' || k === 'cancelled')).toBe(true);
    expect(kinds).toContain('cancelled');
  });
});

describe('kinds without a batch API', () => {
  const fake = useSimulator();
  it('openai-compatible servers (vLLM, gateways) have none', () => {
    expect(providerFor(fake(), 'openai').batch).toBeUndefined();
  });
});

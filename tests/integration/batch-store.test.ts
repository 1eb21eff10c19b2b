import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchRecordId, customIdOf } from '../../campaign/batch-run.js';
import { bindProviderBatch, claimBatchKeys, createBatchRecord, providerBatchOwner, updateBatchRecord } from '../../store/batches.js';
import { openTestStore } from '../support/services.js';

let store: Awaited<ReturnType<typeof openTestStore>>;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store.close();
});

const record = (id: string) => ({ _id: id, campaignId: 'c', profile: 'p', status: 'submitting' as const, items: [], createdAt: new Date() });

describe('batch records in the store (FerretDB)', () => {
  it('a key stays with the open batch that claimed it; once that batch is done, another may take it', async () => {
    await createBatchRecord(store.db, record('r1'));
    await createBatchRecord(store.db, record('r2'));
    expect(await claimBatchKeys(store.db, 'r1', ['k1', 'k2'])).toEqual(new Set());
    // claiming again for the same record (a retried attempt) takes nothing away
    expect(await claimBatchKeys(store.db, 'r1', ['k1', 'k2'])).toEqual(new Set());
    expect(await claimBatchKeys(store.db, 'r2', ['k2', 'k3'])).toEqual(new Set(['k2']));
    await updateBatchRecord(store.db, 'r1', { status: 'done' });
    expect(await claimBatchKeys(store.db, 'r2', ['k2', 'k3'])).toEqual(new Set());
    expect(await claimBatchKeys(store.db, 'r1', ['k2'])).toEqual(new Set(['k2']));
  });

  it('a record is created once (a retry finds the stored one); a provider batch is bound to one record', async () => {
    const first = await createBatchRecord(store.db, { ...record('r3'), items: [{ key: 'a', customId: customIdOf('a') }] });
    const again = await createBatchRecord(store.db, { ...record('r3'), items: [] });
    expect(again.items).toEqual(first.items);
    expect(await bindProviderBatch(store.db, 'batch_1', 'r3')).toBe(true);
    expect(await bindProviderBatch(store.db, 'batch_1', 'r3')).toBe(true);
    expect(await bindProviderBatch(store.db, 'batch_1', 'r4')).toBe(false);
    expect(await providerBatchOwner(store.db, 'batch_1')).toBe('r3');
  });

  it('custom_ids fit Anthropic’s limit; record ids name the items (in any order) and the attempt', () => {
    const id = customIdOf('campaign/model/MK-1-1/s0/judge/j/0123456789ab+c2/r2');
    expect(id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(customIdOf('x')).not.toBe(customIdOf('y'));
    expect(batchRecordId('c', 'p', ['a', 'b'], 1)).toBe(batchRecordId('c', 'p', ['b', 'a'], 1));
    expect(batchRecordId('c', 'p', ['a', 'b'], 2)).not.toBe(batchRecordId('c', 'p', ['a', 'b'], 1));
    expect(batchRecordId('c', 'p', ['a'], 1)).not.toBe(batchRecordId('c', 'p', ['a', 'b'], 1));
  });
});

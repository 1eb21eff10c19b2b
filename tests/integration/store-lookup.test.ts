import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../support/services.js';

let store: Awaited<ReturnType<typeof openTestStore>>;

beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store.close();
});

// FerretDB answers `explain` with SQLite's query plan; a real MongoDB (MONGODB_URI) plans its own way.
describe.skipIf(Boolean(process.env.MONGODB_URI))('the local store (FerretDB built by scripts/install-services.sh)', () => {
  it('finds a document by _id through the _id index, not by scanning the collection', async () => {
    const results = store.db.collection<{ _id: string; n: number }>('judgements');
    await results.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `k${n}`, n })));
    const explained = await store.db.command({ explain: { find: 'judgements', filter: { _id: 'k7' } } });
    expect(explained.queryPlanner.Plan).toEqual([expect.stringMatching(/ detail=SEARCH \S+ USING INDEX \S+__id_ \(<expr>=\?\)$/)]);
    expect(await results.findOne({ _id: 'k7' })).toEqual({ _id: 'k7', n: 7 });
  });
});

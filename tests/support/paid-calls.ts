import type { Db } from 'mongodb';
import { collections } from '../../store/collections.js';
import type { CallCounts } from '../../simulator/call-stats.js';

/** Keys of the call results a campaign has stored for good: a generation or judgement that succeeded or failed. */
export async function storedKeys(db: Db, campaignId: string): Promise<Set<string>> {
  const { generations, judgements } = collections(db);
  const filter = { campaignId, status: { $in: ['succeeded', 'failed'] as ('succeeded' | 'failed')[] } };
  const [g, j] = await Promise.all([
    generations.find(filter, { projection: { _id: 1 } }).toArray(),
    judgements.find(filter, { projection: { _id: 1 } }).toArray(),
  ]);
  return new Set([...g, ...j].map((d) => d._id));
}

/**
 * Keys the provider has seen whose result is not stored: answered or still in flight, their result may never reach
 * the store, so these are the only calls a crash may make us pay for again.
 */
export function unsavedKeys(calls: CallCounts, stored: ReadonlySet<string>): Set<string> {
  return new Set(Object.keys(calls.byKey).filter((key) => !stored.has(key)));
}

/** Calls paid more than once: the extra calls (over all keys, count − 1) and the keys they were made for. */
export function repeatedCalls(calls: CallCounts): { extra: number; keys: string[] } {
  const repeated = Object.entries(calls.byKey).filter(([, n]) => n > 1);
  return { extra: repeated.reduce((sum, [, n]) => sum + n - 1, 0), keys: repeated.map(([key]) => key) };
}

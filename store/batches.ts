import { MongoServerError, type Db } from 'mongodb';
import type { BatchDoc } from './batch-docs.js';
import { collections } from './collections.js';

const DUPLICATE_KEY = 11000;
const isDuplicate = (err: unknown) => err instanceof MongoServerError && err.code === DUPLICATE_KEY;

/**
 * Claims call keys for a batch record, by `_id` only (FerretDB). A key claimed by another record that is still open
 * stays with it and is returned as taken; a key whose record is done (its answer stored, or its failure to be retried)
 * moves to this record.
 */
export async function claimBatchKeys(db: Db, recordId: string, keys: readonly string[]): Promise<Set<string>> {
  const { batchKeys, batches } = collections(db);
  const taken = new Set<string>();
  for (const key of keys) {
    try {
      await batchKeys.insertOne({ _id: key, recordId });
      continue;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
    }
    const claim = await batchKeys.findOne({ _id: key });
    if (!claim || claim.recordId === recordId) continue;
    const holder = await batches.findOne({ _id: claim.recordId }, { projection: { status: 1 } });
    if (holder && holder.status !== 'done') {
      taken.add(key);
      continue;
    }
    // compare-and-set by _id and the old holder: two records taking over the same key cannot both win
    const moved = await batchKeys.updateOne({ _id: key, recordId: claim.recordId }, { $set: { recordId } });
    if (moved.modifiedCount === 0 && (await batchKeys.findOne({ _id: key }))?.recordId !== recordId) taken.add(key);
  }
  return taken;
}

/** Stores which record a provider batch belongs to; false when another record already has it. */
export async function bindProviderBatch(db: Db, batchId: string, recordId: string): Promise<boolean> {
  const { providerBatches } = collections(db);
  try {
    await providerBatches.insertOne({ _id: batchId, recordId });
    return true;
  } catch (err) {
    if (!isDuplicate(err)) throw err;
    return (await providerBatches.findOne({ _id: batchId }))?.recordId === recordId;
  }
}

/** The record a provider batch id is bound to, if any. */
export async function providerBatchOwner(db: Db, batchId: string): Promise<string | undefined> {
  return (await collections(db).providerBatches.findOne({ _id: batchId }))?.recordId;
}

export async function loadBatchRecord(db: Db, recordId: string): Promise<BatchDoc | null> {
  return collections(db).batches.findOne({ _id: recordId });
}

export async function updateBatchRecord(db: Db, recordId: string, fields: Partial<Omit<BatchDoc, '_id'>>): Promise<void> {
  await collections(db).batches.updateOne({ _id: recordId }, { $set: fields });
}

/** Inserts the record unless it exists (a retry of the same items): the stored one is then the truth. */
export async function createBatchRecord(db: Db, doc: BatchDoc): Promise<BatchDoc> {
  try {
    await collections(db).batches.insertOne(doc);
    return doc;
  } catch (err) {
    if (!isDuplicate(err)) throw err;
    return (await loadBatchRecord(db, doc._id)) ?? doc;
  }
}

import { MongoClient, MongoServerError, type Db } from 'mongodb';
import type { Settings } from '../config/settings.js';
import { redactUrl } from '../lib/endpoint.js';
import { ensureIndexes } from './indexes.js';

export interface Store {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/** Connects and creates the indexes (idempotent), so every entry point starts from the same schema. */
export async function openStore(settings: Pick<Settings, 'mongoUri' | 'mongoDb'>): Promise<Store> {
  const client = new MongoClient(settings.mongoUri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    await client.close();
    throw new Error(`cannot reach MongoDB at ${redactUrl(settings.mongoUri)} (MONGODB_URI): ${err instanceof Error ? err.message : String(err)}; is \`medeval dev up\` running?`, { cause: err });
  }
  const db = client.db(settings.mongoDb);
  await ensureIndexes(db);
  return { client, db, close: () => client.close() };
}

/** An insert refused because its `_id` (or a unique index) is taken: for content-addressed documents, "already stored". */
export const isDuplicateKey = (err: unknown): boolean => err instanceof MongoServerError && err.code === 11000;

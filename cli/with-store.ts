import type { Db } from 'mongodb';
import { loadSettings } from '../config/settings.js';
import { openStore } from '../store/mongo.js';

/** Runs a command body against the configured MongoDB and always closes the connection. */
export async function withStore<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const store = await openStore(loadSettings());
  try {
    return await fn(store.db);
  } finally {
    await store.close();
  }
}

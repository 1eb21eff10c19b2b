import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import type { Settings } from '../config/settings.js';

/** Runs a command body against the configured MongoDB and always closes the connection. */
export async function withStore<T>(fn: (db: Db, settings: Settings) => Promise<T>): Promise<T> {
  const [{ loadSettings }, { openStore }] = await Promise.all([import('../config/settings.js'), import('../store/mongo.js')]);
  const settings = loadSettings();
  const store = await openStore(settings);
  try {
    return await fn(store.db, settings);
  } finally {
    await store.close();
  }
}

/** Runs a command body with a Temporal client (and the store), closing both. */
export async function withServices<T>(fn: (ctx: { db: Db; client: Client; settings: Settings }) => Promise<T>): Promise<T> {
  const { connectClient } = await import('../campaign/temporal.js');
  return withStore(async (db, settings) => {
    const client = await connectClient(settings);
    try {
      return await fn({ db, client, settings });
    } finally {
      await client.connection.close();
    }
  });
}

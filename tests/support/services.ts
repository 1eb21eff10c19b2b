import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Settings } from '../../config/settings.js';
import { openStore, type Store } from '../../store/mongo.js';

/** Settings for one test file: the shared servers, and a database of its own so files never see each other's rows. */
export function testSettings(): Pick<Settings, 'temporalAddress' | 'temporalNamespace' | 'mongoUri' | 'mongoDb'> {
  return {
    temporalAddress: inject('temporalAddress'),
    temporalNamespace: 'default',
    mongoUri: inject('mongoUri'),
    mongoDb: `medeval_test_${randomUUID().slice(0, 8)}`,
  };
}

export async function openTestStore(settings = testSettings()): Promise<Store & { settings: typeof settings }> {
  const store = await openStore(settings);
  return {
    ...store,
    settings,
    close: async () => {
      await store.db.dropDatabase();
      await store.close();
    },
  };
}

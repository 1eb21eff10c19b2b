import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Settings } from '../../config/settings.js';
import { openStore, type Store } from '../../store/mongo.js';

/** Where a test's Temporal and MongoDB answer. */
export type ServerAddresses = Pick<Settings, 'temporalAddress' | 'mongoUri'>;

/** The servers `global-setup.ts` started for the whole integration run. */
export function sharedServers(): ServerAddresses {
  return { temporalAddress: inject('temporalAddress'), mongoUri: inject('mongoUri') };
}

/**
 * Settings for one test file: the shared servers unless it brings its own (tests that kill a server must), and a
 * database of its own so files never see each other's rows.
 */
export function testSettings(servers: ServerAddresses = sharedServers()): Pick<Settings, 'temporalAddress' | 'temporalNamespace' | 'mongoUri' | 'mongoDb'> {
  return {
    temporalAddress: servers.temporalAddress,
    temporalNamespace: 'default',
    mongoUri: servers.mongoUri,
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

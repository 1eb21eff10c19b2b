import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll } from 'vitest';
import { resolveCampaignConfig, startCampaign } from '../../campaign/start.js';
import { connectClient } from '../../campaign/temporal.js';
import { writeSimulatedCampaign, type SimulatedCampaignOptions } from '../../simulator/campaign-files.js';
import { importDatasetFile } from '../../campaign/datasets.js';
import { startWorkers } from '../../workers/run-workers.js';
import type { CampaignResult } from '../../workflows/campaign.js';
import { Simulator } from '../../simulator/server.js';
import type { SimulatorConfig } from '../../simulator/config.js';
import { openTestStore, testSettings, type ServerAddresses } from './services.js';

export const SIMULATOR_ENV = { MEDEVAL_SIMULATOR_KEY: 'sim-test-key' };

/**
 * A test database with the sample imported, a fake provider, a Temporal client and helpers to run campaigns; on the
 * shared servers unless `servers` names the test's own. `env` goes over process.env for the client and the
 * in-process workers (e.g. MEDEVAL_CODEC_KEY).
 */
export async function campaignHarness(fakeConfig: SimulatorConfig = {}, servers?: ServerAddresses, env: Record<string, string> = {}) {
  const store = await openTestStore(testSettings(servers));
  await importDatasetFile(store.db, { file: path.resolve('dataset/sample.json'), name: 'sample' });
  const fake = new Simulator(fakeConfig);
  await fake.start();
  const client: Client = await connectClient(store.settings, { ...process.env, ...env });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medeval-campaign-'));
  const settings = { ...store.settings, temporalUiUrl: 'http://127.0.0.1:8233' };

  return {
    store,
    db: store.db,
    fake,
    client,
    dir,
    settings,
    async writeConfig(options: Omit<SimulatedCampaignOptions, 'dir' | 'baseUrl'> & { sub?: string } = {}) {
      return writeSimulatedCampaign({ dir: path.join(dir, options.sub ?? 'c'), baseUrl: fake.openaiBaseUrl, ...options });
    },
    async start(configFile: string, campaignId?: string) {
      const resolved = await resolveCampaignConfig(configFile);
      const id = campaignId ?? `t-${Math.random().toString(36).slice(2, 10)}`;
      return startCampaign({ db: store.db, client, settings, resolved, campaignId: id });
    },
    /** workers for `profiles`; they look for other active campaigns' profiles every `discoverEveryMs` (0: never) */
    async inProcessWorkers(profiles: string[], discoverEveryMs?: number) {
      return startWorkers({
        settings: store.settings,
        db: store.db,
        profiles: new Map(profiles.map((p) => [p, { maxConcurrency: 8 }])),
        env: { ...process.env, ...SIMULATOR_ENV, ...env },
        ...(discoverEveryMs !== undefined ? { discoverEveryMs } : {}),
      });
    },
    result(campaignId: string): Promise<CampaignResult> {
      return client.workflow.getHandle(campaignId).result();
    },
    async close() {
      await client.connection.close();
      await fake.stop();
      await store.close();
    },
  };
}

export type CampaignHarness = Awaited<ReturnType<typeof campaignHarness>>;

/**
 * For a test file: a harness and in-process workers for `profiles`, started before the file's tests and stopped
 * after them. `ready` receives the harness (assign it to the file's variable); `beforeWorkers` runs in between;
 * `discoverEveryMs` as for inProcessWorkers.
 */
export function runningHarness(
  fakeConfig: SimulatorConfig,
  profiles: string[],
  ready: (h: CampaignHarness) => void,
  beforeWorkers?: (h: CampaignHarness) => void | Promise<void>,
  discoverEveryMs?: number,
): void {
  let h: CampaignHarness | undefined;
  let workers: Awaited<ReturnType<CampaignHarness['inProcessWorkers']>> | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    h = await campaignHarness(fakeConfig);
    ready(h);
    await beforeWorkers?.(h);
    workers = await h.inProcessWorkers(profiles, discoverEveryMs);
    running = workers.run();
  });
  afterAll(async () => {
    workers?.shutdown();
    await running;
    await workers?.close();
    await h?.close();
  });
}

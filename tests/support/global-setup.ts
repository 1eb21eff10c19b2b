import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestProject } from 'vitest/node';
import { loadSettings } from '../../config/settings.js';
import { temporalBinary } from '../../local-services/binaries.js';
import { freePort } from '../../local-services/ports.js';
import { startService, stopService } from '../../local-services/process.js';
import { ferretdbSpec, FERRETDB, ONE_PARTITION_PER_QUEUE } from '../../local-services/services.js';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    mongoUri: string;
  }
}

/**
 * Starts one real Temporal dev server (the installed CLI binary, through @temporalio/testing) and one FerretDB
 * for the whole integration run, unless TEMPORAL_ADDRESS / MONGODB_URI name running servers.
 */
export default async function setup(project: TestProject) {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'medeval-it-'));
  const [temporal, mongoUri] = await Promise.all([
    process.env.TEMPORAL_ADDRESS
      ? undefined
      : TestWorkflowEnvironment.createLocal({
          server: {
            executable: { type: 'existing-path', path: temporalBinary() },
            ip: '127.0.0.1',
            searchAttributes: SEARCH_ATTRIBUTES,
            // as `medeval dev up` runs it, so rate-limit tests see the server the user runs
            extraArgs: ['--log-level', 'warn', ...ONE_PARTITION_PER_QUEUE],
          },
        }),
    process.env.MONGODB_URI ??
      (async () => {
        const settings = loadSettings({ MEDEVAL_HOME: stateDir, MEDEVAL_MONGO_PORT: String(await freePort()) });
        await startService(ferretdbSpec(settings), stateDir);
        return settings.mongoUri;
      })(),
  ]);
  project.provide('temporalAddress', process.env.TEMPORAL_ADDRESS ?? temporal!.address);
  project.provide('mongoUri', mongoUri);
  return async () => {
    await temporal?.teardown();
    await stopService(stateDir, FERRETDB);
    rmSync(stateDir, { recursive: true, force: true });
  };
}

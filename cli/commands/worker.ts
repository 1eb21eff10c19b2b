import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadSettings } from '../../config/settings.js';
import { loadProfiles, profilesFileFrom } from '../../providers/profiles.js';
import { openStore } from '../../store/mongo.js';
import { installQuietRuntime } from '../../workers/runtime-logging.js';
import { startWorkers, storedProfiles } from '../../workers/run-workers.js';

export function registerWorkerCommands(program: Command): void {
  program
    .command('worker')
    .description('run Temporal workers: the orchestration queue and one queue per provider profile (rate-limited per profile)')
    .option('--profiles <file>', 'provider profiles file (default: $MEDEVAL_PROFILES, else config/providers.yaml, if present)')
    .option('--queue <name...>', 'only these queues: "medeval" and/or profile names')
    .action(async (options: { profiles?: string; queue?: string[] }) => {
      installQuietRuntime();
      const settings = loadSettings();
      const store = await openStore(settings);
      const file = profilesFileFrom(options.profiles, process.env);
      const fromFile = options.profiles || existsSync(file) ? (await loadProfiles(file)).profiles : {};
      const profiles = {
        ...(await storedProfiles(store.db)),
        ...Object.fromEntries(Object.entries(fromFile).map(([name, p]) => [name, { ...(p.rateLimits?.maxConcurrency ? { maxConcurrency: p.rateLimits.maxConcurrency } : {}) }])),
      };
      const set = await startWorkers({ settings, db: store.db, profiles, only: options.queue });
      console.log(`worker polling ${set.queues.join(', ')} on ${settings.temporalAddress} (Ctrl-C stops after running calls finish)`);
      const stop = () => set.shutdown();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await set.run();
      } finally {
        await set.close();
        await store.close();
      }
    });
}

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { say } from '../terminal.js';

export function registerWorkerCommands(program: Command): void {
  program
    .command('worker')
    .description('run Temporal workers: the orchestration queue and one rate-limited queue per provider profile; serves new campaigns\' profiles as they start; start as many as you like, anywhere: they share each profile\'s one budget')
    .option('--profiles <file>', 'provider profiles file whose queues to serve from the start (default: $MEDEVAL_PROFILES, else config/providers.yaml, if present)')
    .option('--queue <name...>', 'only these queues: "medeval" and/or profile names (then no others are picked up)')
    .action(async (options: { profiles?: string; queue?: string[] }) => {
      const [{ installRuntime, logLevelFrom }, { loadSettings }, { openStore }, { loadProfiles, profilesFileFrom }, { startWorkers }] = await Promise.all([
        import('../../workers/logging.js'),
        import('../../config/settings.js'),
        import('../../store/mongo.js'),
        import('../../providers/profiles.js'),
        import('../../workers/run-workers.js'),
      ]);
      // a worker is a service: each retried fault is one INFO line
      installRuntime(logLevelFrom(process.env, 'INFO'));
      const settings = loadSettings();
      const store = await openStore(settings);
      const file = profilesFileFrom(options.profiles, process.env);
      const fromFile = options.profiles || existsSync(file) ? Object.values((await loadProfiles(file)).profiles) : [];
      const set = await startWorkers({ settings, db: store.db, profiles: new Map(fromFile.map((p) => [p.name, p.rateLimits ?? {}])), only: options.queue });
      const stop = () => set.shutdown();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const running = set.run();
        say(`worker polling ${set.queues().join(', ')} on ${settings.temporalAddress} (Ctrl-C stops after running calls finish)`);
        await running;
      } finally {
        await set.close();
        await store.close();
      }
    });
}

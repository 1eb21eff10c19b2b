import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { numberOption } from '../option-parsers.js';
import { say } from '../terminal.js';

export function registerWorkerCommands(program: Command): void {
  program
    .command('worker')
    .description('run Temporal workers: the orchestration queue and one rate-limited queue per provider profile; serves new campaigns\' profiles as they start; start as many as you like, anywhere: they share each profile\'s one budget')
    .option('--profiles <file>', 'provider profiles file whose queues to serve from the start (default: $MEDEVAL_PROFILES, else config/providers.yaml, if present)')
    .option('--queue <name...>', 'only these queues: "medeval" and/or profile names (then no others are picked up)')
    .option('--metrics-port <port>', 'serve Prometheus metrics on http://HOST:PORT/metrics: medeval\'s (calls, tokens, cost, 429s, rate-gate wait, schedule-to-start) and the Temporal SDK\'s (off by default)', numberOption('positive integer', { max: 65_535 }))
    .option('--metrics-host <host>', 'address the metrics endpoint listens on', '127.0.0.1')
    .action(async (options: { profiles?: string; queue?: string[]; metricsPort?: number; metricsHost: string }) => {
      const [{ installRuntime, logLevelFrom }, { loadSettings }, { openStore }, { loadProfiles, profilesFileFrom }, { startWorkers }, { startMetricsServer, workerMetrics }, { freePort }] = await Promise.all([
        import('../../workers/logging.js'),
        import('../../config/settings.js'),
        import('../../store/mongo.js'),
        import('../../providers/profiles.js'),
        import('../../workers/run-workers.js'),
        import('../../workers/metrics.js'),
        import('../../lib/ports.js'),
      ]);
      // the SDK's exporter listens on loopback only; the metrics endpoint adds it to medeval's figures per scrape
      const runtimeAddress = options.metricsPort ? `127.0.0.1:${await freePort()}` : undefined;
      // a worker is a service: each retried fault is one INFO line
      installRuntime(logLevelFrom(process.env, 'INFO'), runtimeAddress);
      const settings = loadSettings();
      const store = await openStore(settings);
      const file = profilesFileFrom(options.profiles, process.env);
      const fromFile = options.profiles || existsSync(file) ? Object.values((await loadProfiles(file)).profiles) : [];
      const metrics = options.metricsPort ? workerMetrics() : undefined;
      // before the workers: a port in use fails the command before anything polls
      const endpoint =
        metrics && options.metricsPort ? await startMetricsServer({ host: options.metricsHost, port: options.metricsPort, registry: metrics.registry, runtimeUrl: `http://${runtimeAddress}/metrics` }) : undefined;
      if (endpoint) say(`metrics on ${endpoint.url}`);
      const set = await startWorkers({ settings, db: store.db, profiles: new Map(fromFile.map((p) => [p.name, p.rateLimits ?? {}])), only: options.queue, ...(metrics ? { metrics } : {}) });
      const stop = () => set.shutdown();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const running = set.run();
        say(`worker polling ${set.queues().join(', ')} on ${settings.temporalAddress} (Ctrl-C stops after running calls finish)`);
        await running;
      } finally {
        await endpoint?.close();
        await set.close();
        await store.close();
      }
    });
}

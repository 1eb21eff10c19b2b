import path from 'node:path';
import type { Command } from 'commander';
import { say } from '../terminal.js';

const SIMULATOR_KEY = 'simulated-demo-key';

export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description('end to end on the embedded services: import the sample, run a campaign with two simulated models and a simulated judge, write the report')
    .option('--config <file>', 'run this campaign config (real providers, keys from the environment) instead of the simulated one')
    .option('--dataset <file>', 'dataset file to import as "sample"', 'dataset/sample.json')
    .action(async (options: { config?: string; dataset: string }) => {
      const [{ SingleBar, Presets }, { installRuntime }, { loadSettings, PROJECT_ROOT }, { importDatasetFile }, { devUp }, { openStore }, { Simulator }, { writeSimulatedCampaign }, start, { campaignProgress }, { campaignReportDir, storedReport, writeReportFiles }, { connectClient }, { startWorkers }, { formatDuration }] =
        await Promise.all([
          import('cli-progress'),
          import('../../workers/logging.js'),
          import('../../config/settings.js'),
          import('../../campaign/datasets.js'),
          import('../../local-services/services.js'),
          import('../../store/mongo.js'),
          import('../../simulator/server.js'),
          import('../../simulator/campaign-files.js'),
          import('../../campaign/start.js'),
          import('../../campaign/status.js'),
          import('../../campaign/report.js'),
          import('../../campaign/temporal.js'),
          import('../../workers/run-workers.js'),
          import('../progress-view.js'),
        ]);
      installRuntime();
      const settings = loadSettings();
      for (const r of await devUp(settings)) say(`${r.name} running at ${r.address}`);
      const store = await openStore(settings);
      const imported = await importDatasetFile(store.db, { file: options.dataset, name: 'sample', newVersion: true });
      say(`dataset ${imported.dataset._id}: ${imported.status}, ${imported.dataset.questionCount} questions`);

      const simulator = options.config ? undefined : new Simulator({ latencyMs: [20, 150] });
      const baseUrl = simulator ? `${await simulator.start()}/v1` : undefined;
      const configFile = options.config ?? (await writeSimulatedCampaign({ dir: path.join(settings.stateDir, 'demo'), baseUrl: baseUrl!, name: 'demo' })).configFile;
      if (simulator) say(`SIMULATED models and judge: the medeval simulator at ${baseUrl} (config ${configFile})`);

      const resolved = await start.resolveCampaignConfig(configFile);
      const env = simulator ? { ...process.env, MEDEVAL_SIMULATOR_KEY: SIMULATOR_KEY } : process.env;
      const workers = await startWorkers({ settings, db: store.db, profiles: new Map(Object.values(resolved.profiles).map((p) => [p.name, p.rateLimits ?? {}])), env, discoverEveryMs: 0 });
      const running = workers.run();
      const client = await connectClient(settings);
      try {
        const { campaignId, uiUrl } = await start.startCampaign({ db: store.db, client, settings, resolved });
        say(`campaign ${campaignId} started\nTemporal UI: ${uiUrl}`);
        const bar = new SingleBar({ format: ' {bar} {percentage}% | {calls} | cost ${cost} | ETA {eta_text}', hideCursor: true }, Presets.shades_classic);
        bar.start(100, 0, { calls: '', cost: '0', eta_text: '?' });
        const result = client.workflow.getHandle(campaignId).result();
        let finished = false;
        void result.finally(() => (finished = true));
        while (!finished) {
          const p = await campaignProgress(client, campaignId).catch(() => undefined);
          if (p) {
            const calls = p.models.map((m) => `${m.modelId} ${m.generations.done + m.judgements.done}/${m.generations.total + m.judgements.total}`).join(', ');
            bar.update(Math.floor(p.percent), { calls, cost: p.costUsd.toFixed(4), eta_text: p.etaMs !== undefined ? formatDuration(p.etaMs) : '?' });
          }
          await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 1_000))]);
        }
        bar.update(100);
        bar.stop();
        const outcome = await result;
        say(`\n${simulator ? 'SIMULATED ' : ''}campaign ${campaignId}: ${outcome.status}`);
        for (const m of outcome.report.models) say(`  ${m.model}: OP ${m.op.toFixed(1)} % (${m.usable}/${m.questions} questions usable)`);
        const report = await storedReport(store.db, campaignId);
        const files = await writeReportFiles(report.files, campaignReportDir(path.join(PROJECT_ROOT, 'out', 'reports'), campaignId));
        say(`report: ${files.join('\n        ')}\nTemporal UI: ${uiUrl}`);
      } finally {
        workers.shutdown();
        await running;
        await workers.close();
        await client.connection.close();
        await simulator?.stop();
        await store.close();
      }
    });
}

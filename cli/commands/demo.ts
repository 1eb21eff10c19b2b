import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { loadSettings } from '../../config/settings.js';
import { importDatasetFile } from '../../dataset/store-io.js';
import { devUp } from '../../scripts/dev-services/services.js';
import { openStore } from '../../store/mongo.js';
import { FakeProvider } from '../../tests/support/fake-provider/server.js';
import { connectClient } from '../../workers/connection.js';
import { installQuietRuntime } from '../../workers/runtime-logging.js';
import { startWorkers } from '../../workers/run-workers.js';
import { campaignProgress, resolveCampaignConfig, startCampaign } from '../campaign-ops.js';
import { formatDuration } from '../progress-view.js';
import { writeSimulatedCampaign } from '../simulated-campaign.js';

const SIMULATOR_KEY = 'simulated-demo-key';

export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description('end to end on the embedded services: import the sample, run a campaign with two simulated models and a simulated judge, write the report')
    .option('--config <file>', 'run this campaign config (real providers, keys from the environment) instead of the simulated one')
    .option('--dataset <file>', 'dataset file to import as "sample"', 'dataset/sample.json')
    .action(async (options: { config?: string; dataset: string }) => {
      installQuietRuntime();
      const settings = loadSettings();
      for (const r of await devUp(settings)) console.log(`${r.name} running at ${r.address}`);
      const store = await openStore(settings);
      const imported = await importDatasetFile(store.db, { file: options.dataset, name: 'sample', newVersion: true });
      console.log(`dataset ${imported.dataset._id}: ${imported.status}, ${imported.dataset.questionCount} questions`);

      const fake = options.config ? undefined : new FakeProvider({ latencyMs: [20, 150] });
      const baseUrl = fake ? `${await fake.start()}/v1` : undefined;
      const configFile =
        options.config ??
        (await writeSimulatedCampaign({ dir: path.join(settings.stateDir, 'demo'), baseUrl: baseUrl!, name: 'demo' })).configFile;
      if (fake) console.log(`SIMULATED models and judge: fake provider at ${baseUrl} (config ${configFile})`);

      const resolved = await resolveCampaignConfig(configFile);
      const env = fake ? { ...process.env, MEDEVAL_SIMULATOR_KEY: SIMULATOR_KEY } : process.env;
      const workers = await startWorkers({
        settings,
        db: store.db,
        profiles: Object.fromEntries(Object.entries(resolved.profiles).map(([n, p]) => [n, { ...(p.rateLimits?.maxConcurrency ? { maxConcurrency: p.rateLimits.maxConcurrency } : {}) }])),
        env,
      });
      const running = workers.run();
      const client = await connectClient(settings);
      try {
        const { campaignId, uiUrl } = await startCampaign({ db: store.db, client, settings, resolved });
        console.log(`campaign ${campaignId} started\nTemporal UI: ${uiUrl}`);
        const handle = client.workflow.getHandle(campaignId);
        const bar = new SingleBar({ format: ' {bar} {percentage}% | {calls} | cost ${cost} | ETA {eta_text}', hideCursor: true }, Presets.shades_classic);
        bar.start(100, 0, { calls: '', cost: '0', eta_text: '?' });
        const result = handle.result();
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
        console.log(`\n${fake ? 'SIMULATED ' : ''}campaign ${campaignId}: ${outcome.status}`);
        for (const m of outcome.report.models) console.log(`  ${m.model}: OP ${m.op.toFixed(1)} % (${m.usable}/${m.questions} questions usable)`);
        console.log(`report: ${outcome.report.files.join('\n        ')}\nTemporal UI: ${uiUrl}`);
      } finally {
        workers.shutdown();
        await running;
        await workers.close();
        await client.connection.close();
        await fake?.stop();
        await store.close();
      }
    });
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { numberOption } from '../option-parsers.js';
import { loadSettings } from '../../config/settings.js';
import { EXPORT_FORMATS, exportCampaign, type ExportFormat } from '../../campaign/export.js';
import { campaignCollections } from '../../store/campaign-docs.js';
import { connectClient } from '../../workers/connection.js';
import { campaignProgress, extendCampaign, resolveCampaignConfig, signalCampaign, startCampaign, uiLink } from '../campaign-ops.js';
import { formatProgress } from '../progress-view.js';
import { withStore } from '../with-store.js';

async function withClient<T>(fn: (client: Awaited<ReturnType<typeof connectClient>>) => Promise<T>): Promise<T> {
  const client = await connectClient(loadSettings());
  try {
    return await fn(client);
  } finally {
    await client.connection.close();
  }
}

export function registerCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('start, watch and control benchmark campaigns');

  campaign
    .command('start')
    .description('start a campaign from a config file; prints its id and Temporal UI link')
    .requiredOption('--config <file>', 'campaign config (YAML or JSON)')
    .option('--id <id>', 'campaign id (default: <name>-<timestamp>)')
    .action(async (options: { config: string; id?: string }) => {
      const settings = loadSettings();
      const resolved = await resolveCampaignConfig(options.config);
      const started = await withStore((db) => withClient((client) => startCampaign({ db, client, settings, resolved, ...(options.id ? { campaignId: options.id } : {}) })));
      console.log(`campaign ${started.campaignId} started\nTemporal UI: ${started.uiUrl}\n(needs a running \`medeval worker\`)`);
    });

  campaign
    .command('extend <id>')
    .description('grow a campaign with a new config (more models, samples, judges or rounds); stored results are reused, never paid again')
    .requiredOption('--config <file>', 'the grown campaign config')
    .action(async (id: string, options: { config: string }) => {
      const settings = loadSettings();
      const resolved = await resolveCampaignConfig(options.config);
      const how = await withStore((db) => withClient((client) => extendCampaign({ db, client, settings, campaignId: id, resolved })));
      console.log(how === 'signalled' ? `campaign ${id} is running: it will run the grown plan next` : `campaign ${id} restarted with the grown plan`);
    });

  campaign
    .command('status <id>')
    .description('progress per model and category: done/failed/total, cost, ETA')
    .option('--json', 'print JSON')
    .option('--watch', 'refresh until the campaign ends')
    .action(async (id: string, options: { json?: boolean; watch?: boolean }) => {
      await withClient(async (client) => {
        for (;;) {
          const progress = await campaignProgress(client, id);
          const done = !['running', 'paused', 'cancelling'].includes(progress.status);
          if (options.json) console.log(JSON.stringify(progress, null, 2));
          else {
            if (options.watch && process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
            console.log(formatProgress(progress));
          }
          if (!options.watch || done) break;
          await sleep(2_000);
        }
      });
    });

  for (const action of ['pause', 'resume', 'cancel'] as const) {
    const what = { pause: 'stop starting provider calls (running ones finish and are saved)', resume: 'continue a paused campaign', cancel: 'stop gracefully: running calls finish and are saved, a partial report is written' }[action];
    campaign
      .command(`${action} <id>`)
      .description(what)
      .action(async (id: string) => {
        await withClient((client) => signalCampaign(client, id, action));
        console.log(`campaign ${id}: ${action} sent`);
      });
  }

  campaign
    .command('list')
    .description('campaigns in the store, newest first')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const settings = loadSettings();
      const rows = await withStore((db) =>
        campaignCollections(db).campaigns.find({}, { projection: { config: 1, status: 1, datasetId: 1, createdAt: 1, report: 1 } }).sort({ createdAt: -1 }).toArray(),
      );
      if (options.json) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      for (const c of rows) {
        const models = [...c.config.models.map((m) => m.id ?? m.profile), ...(c.config.answersFrom ? [`answers of ${c.config.answersFrom.campaign}`] : [])].join(', ');
        const op = c.report ? ` OP ${c.report.op.toFixed(1)} %` : '';
        console.log(`${c._id}  ${c.status.padEnd(9)} ${c.datasetId}  ${models}${op}  ${uiLink(settings, c._id)}`);
      }
      if (rows.length === 0) console.log('no campaigns yet');
    });

  campaign
    .command('export <id>')
    .description('write a campaign\'s answers and judgements: seed (the LLMEval-Med repository\'s scored files, for its Aggregate.py) or jsonl (one line per judgement)')
    .requiredOption('--out <path>', 'seed: a folder, one sub-folder per model; jsonl: a file')
    .option('--format <format>', `${EXPORT_FORMATS.join(' or ')}`, 'seed')
    .option('--template-version <versions...>', 'judge template versions to export (default: the ones the campaign judges with now; jsonl: all)')
    .action(async (id: string, options: { out: string; format: string; templateVersion?: string[] }) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${options.format}"`);
      const outcome = await withStore((db) =>
        exportCampaign(db, { campaignId: id, format: options.format as ExportFormat, out: options.out, ...(options.templateVersion ? { templateVersions: options.templateVersion } : {}) }),
      );
      console.log(`campaign ${id}: ${outcome.judgements} judgements (template versions ${outcome.templateVersions.join(', ') || 'all'}) → ${outcome.out} (${outcome.files.length} files)`);
      for (const note of outcome.notes) console.log(`note: ${note}`);
    });

  campaign
    .command('limits <profile>')
    .description('change a provider profile\'s rate limits while campaigns run (workers pick them up within seconds)')
    .option('--rpm <n>', 'requests per minute', numberOption('positive integer'))
    .option('--tpm <n>', 'tokens per minute', numberOption('positive integer'))
    .option('--concurrency <n>', 'max concurrent calls', numberOption('positive integer'))
    .action(async (profile: string, options: { rpm?: number; tpm?: number; concurrency?: number }) => {
      const set = {
        ...(options.rpm ? { requestsPerMinute: options.rpm } : {}),
        ...(options.tpm ? { tokensPerMinute: options.tpm } : {}),
        ...(options.concurrency ? { maxConcurrency: options.concurrency } : {}),
      };
      if (Object.keys(set).length === 0) throw new Error('give at least one of --rpm, --tpm, --concurrency');
      await withStore((db) => campaignCollections(db).providerLimits.updateOne({ _id: profile }, { $set: { ...set, updatedAt: new Date() } }, { upsert: true }));
      console.log(`${profile}: ${JSON.stringify(set)}`);
    });
}

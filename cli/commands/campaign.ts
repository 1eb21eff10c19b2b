import { setTimeout as sleep } from 'node:timers/promises';
import { Option, type Command } from 'commander';
import { withServices, withStore } from '../context.js';
import { numberOption } from '../option-parsers.js';
import { say, warn } from '../terminal.js';

const printWarnings = (warnings: readonly string[] | undefined) => {
  for (const w of warnings ?? []) warn(`warning: ${w}`);
};

export function registerCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('start, watch and control benchmark campaigns');

  campaign
    .command('start')
    .description('start a campaign from a config file; prints its id and Temporal UI link, and says if no worker serves its queues')
    .requiredOption('--config <file>', 'campaign config (YAML or JSON)')
    .option('--id <id>', 'campaign id (default: <name>-<timestamp>)')
    .action(async (options: { config: string; id?: string }) => {
      const { resolveCampaignConfig, startCampaign } = await import('../../campaign/start.js');
      const resolved = await resolveCampaignConfig(options.config);
      const started = await withServices((ctx) => startCampaign({ ...ctx, resolved, ...(options.id ? { campaignId: options.id } : {}) }));
      say(`campaign ${started.campaignId} started\nTemporal UI: ${started.uiUrl}`);
      printWarnings(started.warnings);
    });

  campaign
    .command('reindex <id>')
    .description('rebuild the explorer\'s read models and the report pages of a campaign from its stored results and reviews (campaigns stored before them, or to check them)')
    .action(async (id: string) => {
      const [{ rebuildExplorer }, { recomputeReportPages }] = await Promise.all([import('../../campaign/explorer-summary.js'), import('../../campaign/report-pages.js')]);
      const started = Date.now();
      const { facts, summary, pages } = await withStore(async (db) => ({ ...(await rebuildExplorer(db, id)), ...(await recomputeReportPages(db, id)) }));
      say(`campaign ${id}: ${facts} results' read models rebuilt, summary built (${summary.summary.counts.judgements} verdicts), ${pages} report pages folded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });

  campaign
    .command('extend <id>')
    .description('grow a campaign with a new config (more models, samples, judges or rounds); stored results are reused, never paid again')
    .requiredOption('--config <file>', 'the grown campaign config (its profiles and templates become the campaign\'s settings)')
    .action(async (id: string, options: { config: string }) => {
      const { extendCampaign, resolveCampaignConfig } = await import('../../campaign/start.js');
      const resolved = await resolveCampaignConfig(options.config);
      const { how, warnings } = await withServices((ctx) => extendCampaign({ ...ctx, campaignId: id, resolved }));
      say(how === 'signalled' ? `campaign ${id} is running: it will run the grown plan next` : `campaign ${id} restarted with the grown plan`);
      printWarnings(warnings);
    });

  campaign
    .command('status <id>')
    .description('progress per model and category: done / failed / skipped of total, cost, ETA; names queues no worker polls; the judging versions (base templates, each refinement); --json adds them as `versions`')
    .option('--json', 'print JSON')
    .option('--watch', 'refresh until the campaign ends')
    .action(async (id: string, options: { json?: boolean; watch?: boolean }) => {
      const [{ campaignProgress }, { campaignVersions }, { formatProgress, formatVersions }] = await Promise.all([import('../../campaign/status.js'), import('../../campaign/versions.js'), import('../progress-view.js')]);
      await withServices(async ({ db, client }) => {
        for (;;) {
          const progress = await campaignProgress(client, id, db);
          const versions = await campaignVersions(db, id);
          const done = !['running', 'paused', 'cancelling'].includes(progress.status);
          if (options.json) say(JSON.stringify({ ...progress, versions }, null, 2));
          else {
            if (options.watch && process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
            say(formatProgress(progress));
            if (versions.refinements.length > 0) say(formatVersions(versions));
          }
          if (!options.watch || done) break;
          await sleep(2_000);
        }
      });
    });

  campaign
    .command('rejudge <id>')
    .description('re-judge exactly the answers new judge templates or checklist versions touch, as new judgements beside the old (running it twice pays once); filters narrow, --templates/--checklists say what is new')
    .option('--category <codes...>', 'only answers in these categories (MK, MLU, MR, MSE, MTG)')
    .option('--questions <ids...>', 'only answers to these questions')
    .option('--disagreements', 'only answers whose physicians\' usable verdict differs from the judge\'s (in any review of the campaign)')
    .option('--templates <dir>', 'judge templates (*.md): new versions for the categories whose template differs from what counts now')
    .option('--checklists', 'answers whose question has a newer checklist version (`medeval refine checklist`) than the one that counts for them')
    .option('--reason <text>', 'why, kept with the refinement')
    .option('--author <name>', 'who asks for it (default: the login name)')
    .option('--wait', 'wait until the re-judge has finished')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { category?: string[]; questions?: string[]; disagreements?: boolean; templates?: string; checklists?: boolean; reason?: string; author?: string; wait?: boolean; json?: boolean }) => {
      const [{ rejudgeCampaign, waitForRefinement }, os] = await Promise.all([import('../../campaign/rejudge.js'), import('node:os')]);
      const input = {
        campaignId: id,
        author: options.author ?? os.userInfo().username,
        ...(options.category ? { categories: options.category } : {}),
        ...(options.questions ? { questionIds: options.questions } : {}),
        ...(options.disagreements ? { disagreements: true } : {}),
        ...(options.templates ? { templatesDir: options.templates } : {}),
        ...(options.checklists ? { checklists: true } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
      };
      await withServices(async (ctx) => {
        const outcome = await rejudgeCampaign({ ...ctx, input });
        const final = options.wait && outcome.how !== 'done' ? await waitForRefinement(ctx.db, outcome.refinementId) : undefined;
        const result = { ...outcome, ...(final ? { status: final.status, judged: final.judged ?? 0, failed: final.failed ?? 0 } : {}) };
        if (options.json) {
          say(JSON.stringify(result, null, 2));
          return;
        }
        const what = [...outcome.templates.map((t) => `${t.category} template ${t.version}`), ...(outcome.checklists.length > 0 ? [`${outcome.checklists.length} question(s)' newer checklists`] : [])].join(', ');
        const how = { signalled: 'the running campaign re-judges it', restarted: 'the campaign runs again to re-judge it (no generation, no new review)', done: 'it has finished before: nothing to pay for' }[outcome.how];
        say(`${outcome.created ? 'refinement' : 'the same re-judge is'} ${outcome.refinementId}: ${outcome.targets} answers with ${what}; ${how}`);
        say(`workflow: ${outcome.workflowId}`);
        if (final) say(`${final.status}: ${final.judged ?? 0} judge calls stored, ${final.failed ?? 0} failed`);
      });
    });

  for (const action of ['pause', 'resume', 'cancel'] as const) {
    const what = { pause: 'stop starting provider calls (running ones finish and are saved)', resume: 'continue a paused campaign', cancel: 'stop gracefully: running calls finish and are saved, a partial report is written' }[action];
    campaign
      .command(`${action} <id>`)
      .description(what)
      .action(async (id: string) => {
        const { signalCampaign } = await import('../../campaign/control.js');
        await withServices(({ client }) => signalCampaign(client, id, action));
        say(`campaign ${id}: ${action} sent`);
      });
  }

  campaign
    .command('list')
    .description('campaigns in the store, newest first, with OP per model from their latest report')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const [{ listCampaigns }, { uiLink }] = await Promise.all([import('../../campaign/status.js'), import('../../campaign/start.js')]);
      await withStore(async (db, settings) => {
        const rows = await listCampaigns(db);
        if (options.json) {
          say(JSON.stringify(rows, null, 2));
          return;
        }
        for (const c of rows) {
          const op = c.op.length ? `  OP ${c.op.map((m) => `${m.model} ${m.op.toFixed(1)} %`).join(', ')}` : '';
          say(`${c.id}  ${c.status.padEnd(9)} ${c.datasetId}  ${c.models.join(', ')}${op}  ${uiLink(settings, c.id)}`);
        }
        if (rows.length === 0) say('no campaigns yet');
      });
    });

  campaign
    .command('limits <profile>')
    .description('change a provider profile\'s rate limits while campaigns run, for every worker on every machine (they replace the profile\'s and the campaigns\' own; applied within seconds)')
    .option('--rpm <n>', 'requests per minute', numberOption('positive integer', { max: 1_000_000 }))
    .option('--tpm <n>', 'tokens per minute', numberOption('positive integer', { max: 1_000_000_000 }))
    .option('--concurrency <n>', 'max concurrent calls', numberOption('positive integer', { max: 10_000 }))
    .addOption(new Option('--clear <limits...>', 'remove live values, so the profile\'s and the campaigns\' own apply again').choices(['rpm', 'tpm', 'concurrency', 'all']))
    .option('--profiles <file>', 'provider profiles file whose names count as known (default: $MEDEVAL_PROFILES, else config/providers.yaml)')
    .action(async (profile: string, options: { rpm?: number; tpm?: number; concurrency?: number; clear?: string[]; profiles?: string }) => {
      const [{ setProviderLimits, LIVE_LIMIT_FIELDS }, { loadProfiles, profilesFileFrom }] = await Promise.all([import('../../campaign/control.js'), import('../../providers/profiles.js')]);
      const file = profilesFileFrom(options.profiles, process.env);
      // without a profiles file here, the campaigns' own profiles are the known ones
      const fromFile = await loadProfiles(file).then((set) => Object.keys(set.profiles), (err: unknown) => {
        if (options.profiles) throw err;
        return [];
      });
      const limits = {
        ...(options.rpm ? { requestsPerMinute: options.rpm } : {}),
        ...(options.tpm ? { tokensPerMinute: options.tpm } : {}),
        ...(options.concurrency ? { maxConcurrency: options.concurrency } : {}),
      };
      const names = Object.keys(LIVE_LIMIT_FIELDS) as (keyof typeof LIVE_LIMIT_FIELDS)[];
      const clear = options.clear?.includes('all') ? names : names.filter((n) => options.clear?.includes(n));
      const live = await withStore((db) => setProviderLimits(db, profile, limits, fromFile, clear));
      say(`${profile}: live limits ${JSON.stringify(live)}${Object.keys(live).length === 0 ? ' (none: the profile\'s and the campaigns\' own apply)' : ''}`);
    });

  campaign
    .command('export <id>')
    .description('write a campaign\'s answers and judgements: seed (the LLMEval-Med repository\'s scored files, for its Aggregate.py) or jsonl (one line per judgement)')
    .requiredOption('--out <path>', 'seed: a folder, one sub-folder per model; jsonl: a file')
    .option('--format <format>', 'seed or jsonl', 'seed')
    .option('--template-version <versions...>', 'judge template versions to export (default: the ones the campaign judges with now; jsonl: all)')
    .action(async (id: string, options: { out: string; format: string; templateVersion?: string[] }) => {
      const { EXPORT_FORMATS, exportCampaign } = await import('../../campaign/export.js');
      const format = EXPORT_FORMATS.find((f) => f === options.format);
      if (!format) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${options.format}"`);
      const outcome = await withStore((db) => exportCampaign(db, { campaignId: id, format, out: options.out, ...(options.templateVersion ? { templateVersions: options.templateVersion } : {}) }));
      say(`campaign ${id}: ${outcome.judgements} judgements (template versions ${outcome.templateVersions.join(', ') || 'all'}) → ${outcome.out} (${outcome.files.length} files)`);
      for (const note of outcome.notes) say(`note: ${note}`);
    });
}

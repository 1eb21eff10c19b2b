import { basename, dirname, extname, join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_USABLE_THRESHOLD } from '../../scoring/aggregate/aggregate.js';
import { DEFAULT_BOOTSTRAP } from '../../scoring/bootstrap.js';
import { withStore } from '../context.js';
import { numberOption } from '../option-parsers.js';
import { printDocument, say, warn } from '../terminal.js';

const FORMATS = ['md', 'csv', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface ReportOptions {
  fromSeed?: string[];
  campaign?: string;
  format?: Format;
  out?: string;
  threshold: number;
  seed: number;
  resamples: number;
  model: string;
  judgeModel: string;
  templateVersion: string;
  datasetName: string;
  publicUrl?: string;
}

function checkFormat(format: string | undefined): Format | undefined {
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) throw new Error(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  return format as Format | undefined;
}

/** A campaign's report: built from its stored scores (and stored again), then written where this process runs. */
async function campaignReport(id: string, options: ReportOptions): Promise<void> {
  const [{ buildCampaignReport, campaignReportDir, saveCampaignReport, writeReportFiles }, { filesOfFormat }, { PROJECT_ROOT }] = await Promise.all([
    import('../../campaign/report.js'),
    import('../../scoring/report/bundle.js'),
    import('../../config/settings.js'),
  ]);
  const format = checkFormat(options.format);
  const report = await withStore(async (db, settings) => {
    // built once, with the options asked for, and stored as the campaign's latest report
    const built = await buildCampaignReport(db, id, { seed: options.seed, resamples: options.resamples }, options.publicUrl ?? settings.publicUrl);
    await saveCampaignReport(db, id, built);
    return built;
  });
  if (format && !options.out) {
    printDocument(report.files[`report.${format}`] ?? '', format);
    return;
  }
  const dir = options.out ?? campaignReportDir(join(PROJECT_ROOT, 'out', 'reports'), id);
  const written = await writeReportFiles(report.files, dir, format ? filesOfFormat(report.files, format) : undefined);
  for (const m of report.models) say(`${m.model}: OP ${m.op.toFixed(2)} % (${m.usable}/${m.questions})`);
  say(written.map((file) => `wrote ${file}`).join('\n'));
}

/** Scored files of the LLMEval-Med repository, read as its Aggregate.py reads them; no services needed. */
async function seedReport(files: string[], options: ReportOptions): Promise<void> {
  const [{ buildSeedReport }, { writeReportFiles }, { filesOfFormat }] = await Promise.all([
    import('../../campaign/seed-report.js'),
    import('../../campaign/report.js'),
    import('../../scoring/report/bundle.js'),
  ]);
  const format = checkFormat(options.format) ?? 'md';
  const base = options.out ? basename(options.out, extname(options.out)) : 'report';
  const report = await buildSeedReport(files, { ...options, base, bootstrap: { seed: options.seed, resamples: options.resamples } });
  for (const line of report.warnings) warn(`warning: ${line}`);
  if (!options.out) {
    printDocument(report.files[`${base}.${format}`] ?? '', format);
    return;
  }
  // the Markdown links the charts, and the HTML report carries them inline: all are written next to it
  const written = await writeReportFiles(report.files, dirname(options.out), filesOfFormat(report.files, format, base));
  say(written.map((file) => `wrote ${file}`).join('\n'));
}

export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description('usability report (leaderboard, OP with bootstrap CIs, breakdowns, judge consistency)')
    .option('--from-seed <files...>', 'scored files in the LLMEval-Med repository format, one per judge round (no services needed)')
    .option('--campaign <id>', 'a campaign\'s stored scores: writes every format under out/reports/<id>/ (or --out DIR); with --format and no --out, prints that format')
    .option('--format <format>', `output format: ${FORMATS.join(', ')} (seed files: default md)`)
    .option('--out <path>', 'seed files: a file (md also writes its SVG charts and the HTML report next to it); a campaign: a folder')
    .option('--threshold <score>', 'seed files: mean score at which a question is usable', numberOption('number', { min: 0, max: 7 }), DEFAULT_USABLE_THRESHOLD)
    .option('--seed <n>', 'bootstrap seed', numberOption('integer'), DEFAULT_BOOTSTRAP.seed)
    .option('--resamples <n>', 'bootstrap resamples', numberOption('positive integer', { max: 100_000 }), DEFAULT_BOOTSTRAP.resamples)
    .option('--model <name>', 'name of the model the seed files scored', 'model')
    .option('--judge-model <name>', 'judge model that produced the seed scores', 'unknown')
    .option('--template-version <version>', 'judge prompt version that produced the seed scores', 'unknown')
    .option('--dataset-name <name>', 'dataset name shown in the report', 'LLMEval-Med')
    .option('--public-url <url>', 'a campaign: the web app\'s address, for links to the explorer (default: MEDEVAL_PUBLIC_URL; none without one)')
    .action(async (options: ReportOptions) => {
      if (options.campaign) return campaignReport(options.campaign, options);
      if (!options.fromSeed || options.fromSeed.length === 0) throw new Error('report: give --from-seed FILE… or --campaign ID');
      return seedReport(options.fromSeed, options);
    });
}

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { numberOption } from '../option-parsers.js';
import { buildCampaignReport, DEFAULT_REPORTS_DIR } from '../../activities/report.js';
import { withStore } from '../with-store.js';
import { aggregateScores, DEFAULT_USABLE_THRESHOLD, type AggregateResult } from '../../scoring/aggregate/aggregate.js';
import { DEFAULT_BOOTSTRAP } from '../../scoring/bootstrap.js';
import { contentHash } from '../../scoring/content-hash.js';
import { renderCharts } from '../../scoring/report/charts.js';
import type { ReportContext } from '../../scoring/report/context.js';
import { csvReport } from '../../scoring/report/csv.js';
import { htmlReport } from '../../scoring/report/html.js';
import { jsonReport } from '../../scoring/report/json.js';
import { markdownReport } from '../../scoring/report/markdown.js';
import { writeMarkdownWithCharts } from '../../scoring/report/write-files.js';
import type { QuestionMeta, ScoreRecord } from '../../scoring/score-record.js';
import { readScoredFiles } from '../../scoring/seed/read-scored-files.js';

const FORMATS = ['md', 'csv', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface ReportOptions {
  fromSeed?: string[];
  campaign?: string;
  format: Format;
  out?: string;
  threshold: number;
  seed: number;
  resamples: number;
  model: string;
  judgeModel: string;
  templateVersion: string;
  datasetName: string;
}

/** What a report is made from, whatever the source (seed files now; a stored campaign can be another source). */
interface ReportSource {
  records: ScoreRecord[];
  /** the dataset's questions, when the source knows them; otherwise the records define the question set */
  questions?: QuestionMeta[];
  context: ReportContext;
  /** what the reader noticed and how it read it; printed to stderr and kept in the JSON report */
  warnings: string[];
}

/** Scored files of the LLMEval-Med repository: one file per judge round of one model, read as Aggregate.py reads them. */
async function seedSource(files: readonly string[], options: ReportOptions): Promise<ReportSource> {
  const texts = await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  const read = readScoredFiles(texts, { model: options.model, templateVersion: options.templateVersion });
  // Seed files carry no dataset version, so the report names the questions by a hash of their text.
  const fingerprint = contentHash(JSON.stringify(read.questions.map((q) => [q.id, q.problem]).sort()));
  return {
    records: read.records,
    warnings: read.warnings,
    context: {
      datasetName: options.datasetName,
      datasetVersion: `questions sha256 ${fingerprint}`,
      templates: [{ id: 'the seed files’ judge prompt', version: options.templateVersion }],
      judgeModels: [options.judgeModel],
    },
  };
}

async function render(format: Format, result: AggregateResult, context: ReportContext, warnings: readonly string[]): Promise<string> {
  if (format === 'json') return `${JSON.stringify({ ...jsonReport(result, context), warnings }, null, 2)}\n`;
  if (format === 'csv') return csvReport(result);
  if (format === 'html') return htmlReport(result, context, await renderCharts(result));
  return markdownReport(result, context);
}

async function writeReport(source: ReportSource, options: ReportOptions): Promise<void> {
  const result = aggregateScores(source.records, {
    ...(source.questions ? { questions: source.questions } : {}),
    threshold: options.threshold,
    bootstrap: { seed: options.seed, resamples: options.resamples },
  });
  const { context, warnings } = source;
  for (const line of warnings) process.stderr.write(`warning: ${line}\n`);
  const { out, format } = options;
  if (!out) {
    process.stdout.write(await render(format, result, context, warnings));
    return;
  }
  let written = [out];
  if (format === 'md') {
    // The Markdown links the charts, and the HTML report carries them inline: all are written next to it.
    written = await writeMarkdownWithCharts(out, result, context);
  } else {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, await render(format, result, context, warnings));
  }
  process.stdout.write(`${written.map((file) => `wrote ${file}`).join('\n')}\n`);
}

export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description('usability report (leaderboard, OP with bootstrap CIs, breakdowns, judge consistency)')
    .option('--from-seed <files...>', 'scored files in the LLMEval-Med repository format, one per judge round (no services needed)')
    .option('--campaign <id>', 'a campaign\'s stored scores; writes md (with charts and HTML), csv and json under out/reports/<id>/, or under --out DIR')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'md')
    .option('--out <file>', 'write to a file; with md, the SVG charts and the HTML report are written next to it')
    .option('--threshold <score>', 'mean score at which a question is usable', numberOption(), DEFAULT_USABLE_THRESHOLD)
    .option('--seed <n>', 'bootstrap seed', numberOption('integer'), DEFAULT_BOOTSTRAP.seed)
    .option('--resamples <n>', 'bootstrap resamples', numberOption('positive integer'), DEFAULT_BOOTSTRAP.resamples)
    .option('--model <name>', 'name of the model the seed files scored', 'model')
    .option('--judge-model <name>', 'judge model that produced the seed scores', 'unknown')
    .option('--template-version <version>', 'judge prompt version that produced the seed scores', 'unknown')
    .option('--dataset-name <name>', 'dataset name shown in the report', 'LLMEval-Med')
    .action(async (options: ReportOptions) => {
      if (!(FORMATS as readonly string[]).includes(options.format)) {
        throw new Error(`--format must be one of ${FORMATS.join(', ')}, got "${options.format}"`);
      }
      if (options.campaign) {
        const id = options.campaign;
        const summary = await withStore((db) => buildCampaignReport(db, id, options.out ?? DEFAULT_REPORTS_DIR));
        for (const m of summary.models) process.stdout.write(`${m.model}: OP ${m.op.toFixed(2)} % (${m.usable}/${m.questions})\n`);
        process.stdout.write(`${summary.files.map((file) => `wrote ${file}`).join('\n')}\n`);
        return;
      }
      if (!options.fromSeed || options.fromSeed.length === 0) throw new Error('report: give --from-seed FILE… or --campaign ID');
      await writeReport(await seedSource(options.fromSeed, options), options);
    });
}

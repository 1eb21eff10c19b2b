import type { AggregateResult } from '../aggregate/aggregate.js';
import { renderCharts } from './charts.js';
import type { ReportContext } from './context.js';
import { agreementCsvReport, csvReport, refinementsCsvReport } from './csv.js';
import { htmlReport } from './html.js';
import { jsonReport } from './json.js';
import { markdownReport } from './markdown.js';

export const REPORT_FORMATS = ['md', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Every file of a report, by its name under a base name (`report` → report.md, report.usability.svg, …). */
export type ReportFiles = Record<string, string>;

/**
 * The one report builder, for campaigns and seed files alike: Markdown (linking the SVG charts written beside it),
 * self-contained HTML with the charts inline, CSV and JSON. `extra` is added to the JSON at the top level. A context
 * with a review's agreement adds its section to every format, a confusion-matrix chart and `<base>.agreement.csv`;
 * one with refinements adds their before/after section to every format and `<base>.refinements.csv`.
 */
export async function renderReport(result: AggregateResult, context: ReportContext, extra: Record<string, unknown> = {}, base = 'report'): Promise<ReportFiles> {
  const { agreement } = context;
  const charts = await renderCharts(result, agreement);
  const names = { usability: `${base}.usability.svg`, scores: `${base}.scores.svg`, ...(agreement ? { agreement: `${base}.agreement.svg` } : {}) };
  const agreementFiles = agreement && charts.agreementSvg ? { [`${base}.agreement.csv`]: agreementCsvReport(agreement), [`${base}.agreement.svg`]: charts.agreementSvg } : {};
  const refinementFiles = context.refinements?.length ? { [`${base}.refinements.csv`]: refinementsCsvReport(context.refinements) } : {};
  return {
    [`${base}.md`]: markdownReport(result, context, names),
    [`${base}.html`]: htmlReport(result, context, charts),
    [`${base}.csv`]: csvReport(result),
    [`${base}.json`]: `${JSON.stringify({ ...jsonReport(result, context), ...extra }, null, 2)}\n`,
    [names.usability]: charts.usabilitySvg,
    [names.scores]: charts.scoresSvg,
    ...agreementFiles,
    ...refinementFiles,
  };
}

/** The files of one format: md also needs its charts beside it, and the HTML is written with it too; csv its agreement table. */
export function filesOfFormat(files: ReportFiles, format: ReportFormat, base = 'report'): string[] {
  const present = (names: string[]) => names.filter((name) => name in files);
  if (format === 'md') return [`${base}.md`, `${base}.usability.svg`, `${base}.scores.svg`, ...present([`${base}.agreement.svg`]), `${base}.html`];
  if (format === 'csv') return [`${base}.csv`, ...present([`${base}.agreement.csv`, `${base}.refinements.csv`])];
  return [`${base}.${format}`];
}

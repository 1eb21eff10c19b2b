import type { AggregateResult } from '../aggregate/aggregate.js';
import { renderCharts } from './charts.js';
import type { ReportContext } from './context.js';
import { csvReport } from './csv.js';
import { htmlReport } from './html.js';
import { jsonReport } from './json.js';
import { markdownReport } from './markdown.js';

export const REPORT_FORMATS = ['md', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Every file of a report, by its name under a base name (`report` → report.md, report.usability.svg, …). */
export type ReportFiles = Record<string, string>;

/**
 * The one report builder, for campaigns and seed files alike: Markdown (linking the two SVG charts written beside
 * it), self-contained HTML with the charts inline, CSV and JSON. `extra` is added to the JSON at the top level.
 */
export async function renderReport(result: AggregateResult, context: ReportContext, extra: Record<string, unknown> = {}, base = 'report'): Promise<ReportFiles> {
  const charts = await renderCharts(result);
  const names = { usability: `${base}.usability.svg`, scores: `${base}.scores.svg` };
  return {
    [`${base}.md`]: markdownReport(result, context, names),
    [`${base}.html`]: htmlReport(result, context, charts),
    [`${base}.csv`]: csvReport(result),
    [`${base}.json`]: `${JSON.stringify({ ...jsonReport(result, context), ...extra }, null, 2)}\n`,
    [names.usability]: charts.usabilitySvg,
    [names.scores]: charts.scoresSvg,
  };
}

/** The files of one format: md also needs its charts beside it, and the HTML is written with it too. */
export function filesOfFormat(files: ReportFiles, format: ReportFormat, base = 'report'): string[] {
  if (format === 'md') return [`${base}.md`, `${base}.usability.svg`, `${base}.scores.svg`, `${base}.html`];
  return [`${base}.${format}`];
}

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { AggregateResult } from '../aggregate/aggregate.js';
import { renderCharts } from './charts.js';
import type { ReportContext } from './context.js';
import { htmlReport } from './html.js';
import { markdownReport } from './markdown.js';

/** Temp file then rename: a reader never sees half a report. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}

/**
 * Writes the Markdown report at `out` with its two SVG charts and the self-contained HTML report next to it
 * (`<base>.usability.svg`, `<base>.scores.svg`, `<base>.html`). `appendix` is Markdown added at the end.
 */
export async function writeMarkdownWithCharts(out: string, result: AggregateResult, context: ReportContext, appendix = ''): Promise<string[]> {
  await mkdir(dirname(out), { recursive: true });
  const base = join(dirname(out), basename(out, extname(out)));
  const paths = { usability: `${base}.usability.svg`, scores: `${base}.scores.svg`, html: `${base}.html` };
  const charts = await renderCharts(result);
  await writeFileAtomically(paths.usability, charts.usabilitySvg);
  await writeFileAtomically(paths.scores, charts.scoresSvg);
  await writeFileAtomically(paths.html, htmlReport(result, context, charts));
  await writeFileAtomically(out, markdownReport(result, context, { usability: basename(paths.usability), scores: basename(paths.scores) }) + appendix);
  return [out, paths.usability, paths.scores, paths.html];
}

import { htmlText as escapeHtml } from '../../lib/escape.js';
import type { AggregateResult } from '../aggregate/aggregate.js';
import { agreementTables } from './agreement-tables.js';
import type { ReportCharts } from './charts.js';
import { contextFacts, type ReportContext } from './context.js';
import { refinementsTable } from './refinement-tables.js';
import { reportTables, type ReportTable } from './tables.js';

export function htmlTable(table: ReportTable): string {
  const head = table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = table.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return [`<h2>${escapeHtml(table.title)}</h2>`, table.note ? `<p>${escapeHtml(table.note)}</p>` : '', `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`].join('\n');
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.25rem .5rem}
td:not(:first-child),th:not(:first-child){text-align:right}th{background:#f3f3f3}figure{margin:1rem 0}`;

/** One self-contained HTML file: the same context and tables as the Markdown, with the charts inlined as SVG. */
export function htmlReport(result: AggregateResult, context: ReportContext, charts: ReportCharts): string {
  const title = escapeHtml(context.title ?? 'LLMEval-Med usability report');
  const facts = contextFacts(result, context)
    .map(([label, value]) => `<li><strong>${escapeHtml(label)}:</strong> ${escapeHtml(value)}</li>`)
    .concat(context.explorer?.length ? [`<li class="explorer"><strong>Explorer:</strong> ${context.explorer.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join(' · ')}</li>`] : [])
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>
<body>
<h1>${title}</h1>
<ul>
${facts}
</ul>
${[...reportTables(result, context.failures, context.cost), ...(context.agreement ? agreementTables(context.agreement) : []), ...(context.refinements?.length ? [refinementsTable(context.refinements)] : [])].map(htmlTable).join('\n')}
<h2>Charts</h2>
<figure>${charts.usabilitySvg}</figure>
<figure>${charts.scoresSvg}</figure>${charts.agreementSvg ? `\n<figure class="confusion">${charts.agreementSvg}</figure>` : ''}
</body>
</html>
`;
}

import { markdownText } from '../../lib/escape.js';
import type { AggregateResult } from '../aggregate/aggregate.js';
import { agreementTables } from './agreement-tables.js';
import { contextFacts, type ReportContext } from './context.js';
import { refinementsTable } from './refinement-tables.js';
import { reportTables, type ReportTable } from './tables.js';

/** Relative paths of chart files to link from the Markdown, when they were written next to it. */
export interface ChartLinks {
  usability: string;
  scores: string;
  /** the confusion matrices, when the report has an agreement section */
  agreement?: string;
}

export function markdownTable(table: ReportTable): string {
  const lines = [
    `## ${markdownText(table.title)}`,
    '',
    ...(table.note ? [markdownText(table.note), ''] : []),
    `| ${table.headers.map(markdownText).join(' | ')} |`,
    `|${table.headers.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(markdownText).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** The Markdown report: context, a leaderboard in the layout of the paper's Table 2, then the details. */
export function markdownReport(result: AggregateResult, context: ReportContext, charts?: ChartLinks): string {
  const parts = [
    `# ${markdownText(context.title ?? 'LLMEval-Med usability report')}`,
    contextFacts(result, context)
      .map(([label, value]) => `- **${markdownText(label)}:** ${markdownText(value)}`)
      .concat(context.explorer?.length ? [`- **Explorer:** ${context.explorer.map((l) => `[${markdownText(l.label)}](<${l.url}>)`).join(' · ')}`] : [])
      .join('\n'),
    ...reportTables(result, context.failures, context.cost).map(markdownTable),
    ...(context.agreement ? agreementTables(context.agreement).map(markdownTable) : []),
    ...(context.refinements?.length ? [markdownTable(refinementsTable(context.refinements))] : []),
  ];
  if (charts) {
    const confusion = charts.agreement ? `\n\n![Confusion matrices, physicians against the judge](${charts.agreement})` : '';
    parts.push(`## Charts\n\n![Usability per category](${charts.usability})\n\n![Score distribution](${charts.scores})${confusion}`);
  }
  return `${parts.join('\n\n')}\n`;
}

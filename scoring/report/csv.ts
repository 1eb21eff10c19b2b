import { BREAKDOWNS, type AggregateResult } from '../aggregate/aggregate.js';
import { csvCell } from '../../lib/escape.js';
import { formatPercent } from './number-format.js';

const HEADER = ['model', 'scope', 'key', 'questions', 'usable', 'no_valid_score', 'usability', 'ci_low', 'ci_high'];

const pct = formatPercent;

/**
 * One tidy table: a row per model and scope (overall, category, responses, or a breakdown value). Percentages have
 * two decimals rounded as Aggregate.py rounds them (the JSON report keeps them unrounded); `ci_*` empty where no
 * interval is computed.
 */
export function csvReport(result: AggregateResult): string {
  const rows: (string | number)[][] = [HEADER];
  for (const m of result.models) {
    rows.push([m.model, 'overall', 'OP', m.overall.questions, m.overall.usable, m.overall.noValidScore, pct(m.overall.op), pct(m.overall.ci.low), pct(m.overall.ci.high)]);
    for (const c of result.categoryOrder) {
      const cell = m.categories[c];
      if (cell) rows.push([m.model, 'category', c, cell.questions, cell.usable, cell.noValidScore, pct(cell.usability), pct(cell.ci.low), pct(cell.ci.high)]);
    }
    rows.push([m.model, 'responses', 'all', m.responses.responses, m.responses.usable, m.responses.noValidScore, pct(m.responses.usability), '', '']);
    for (const by of BREAKDOWNS) {
      for (const row of m.breakdowns[by]) rows.push([m.model, by, row.key, row.questions, row.usable, row.noValidScore, pct(row.usability), '', '']);
    }
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

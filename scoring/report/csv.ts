import { BREAKDOWNS, type AggregateResult } from '../aggregate/aggregate.js';
import { csvCell } from '../../lib/escape.js';
import type { ReviewAgreement } from '../agreement/review-rows.js';
import type { Interval } from '../bootstrap.js';
import { agreementScopes } from './agreement-tables.js';
import type { RefinementComparison } from '../refinement-compare.js';
import { REFINEMENT_HEADERS, refinementRows } from './refinement-tables.js';
import { formatFixed, formatPercent, formatShare } from './number-format.js';

const HEADER = ['model', 'scope', 'key', 'questions', 'usable', 'no_valid_score', 'usability', 'ci_low', 'ci_high'];

const pct = formatPercent;

/** Rows as a CSV document (every cell through `csvCell`: quoted, formula prefixes neutralised), newline-terminated. */
export function csvText(rows: readonly (readonly (string | number)[])[]): string {
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

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
  return csvText(rows);
}

const AGREEMENT_HEADER = ['scope', 'key', 'comparison', 'statistic', 'value', 'ci_low', 'ci_high'];

/**
 * The agreement section as one long table: a row per scope, comparison and statistic. Proportions (agreement, usable
 * rates) are two-decimal percentages as in the report's CSV, coefficients and score differences four decimals,
 * counts whole; `ci_*` empty where no interval is computed and `value` where the statistic is undefined.
 */
export function agreementCsvReport(a: ReviewAgreement): string {
  const rows: (string | number)[][] = [AGREEMENT_HEADER];
  const coefficient = (x: number) => formatFixed(x, 4);
  const add = (scope: string, key: string, comparison: string, statistic: string, value: number | null, show: (x: number) => string = String, ci?: Interval | null) =>
    rows.push([scope, key, comparison, statistic, value === null ? '' : show(value), ci ? show(ci.low) : '', ci ? show(ci.high) : '']);
  for (const { kind, key, group: g } of agreementScopes(a)) {
    const row = (comparison: string, statistic: string, value: number | null, show?: (x: number) => string, ci?: Interval | null) => add(kind, key, comparison, statistic, value, show, ci);
    const [[tp, fn], [fp, tn]] = g.confusion;
    row('judge-physician', 'answers', g.items);
    row('judge-physician', 'n', g.n);
    row('judge-physician', 'agreement', g.agreement, formatShare, g.ci?.agreement);
    row('judge-physician', 'kappa', g.kappa, coefficient, g.ci?.kappa);
    row('judge-physician', 'ac1', g.ac1, coefficient, g.ci?.ac1);
    row('judge-physician', 'weighted_kappa', g.weightedKappa, coefficient, g.ci?.weightedKappa);
    row('judge-physician', 'mad', g.mad, coefficient, g.ci?.mad);
    row('judge-physician', 'alpha', g.alphaWithJudge, coefficient, g.ci?.alphaWithJudge);
    row('judge-physician', 'icc', g.icc, coefficient, g.ci?.icc);
    for (const [statistic, count] of [['tp', tp], ['fn', fn], ['fp', fp], ['tn', tn]] as const) row('judge-physician', statistic, count);
    if (g.majority.items === 0) continue;
    row('judge-majority', 'answers', g.majority.items);
    row('judge-majority', 'ties', g.majority.ties);
    row('judge-majority', 'n', g.majority.n);
    row('judge-majority', 'agreement', g.majority.agreement, formatShare, g.ci?.majorityAgreement);
    row('judge-majority', 'kappa', g.majority.kappa, coefficient);
    row('physician-physician', 'answers', g.physicians.items);
    row('physician-physician', 'n', g.physicians.n);
    row('physician-physician', 'agreement', g.physicians.agreement, formatShare, g.ci?.physiciansAgreement);
    row('physician-physician', 'kappa', g.physicians.kappa, coefficient);
    row('physician-physician', 'alpha', g.alphaPhysicians, coefficient, g.ci?.alphaPhysicians);
  }
  for (const [key, p] of [...Object.entries(a.ppi.perCategory), ['overall', a.ppi.overall] as const]) {
    const row = (statistic: string, value: number, show?: (x: number) => string, ci?: Interval | null) => add(key === 'overall' ? 'overall' : 'category', key, 'corrected-usability', statistic, value, show, ci);
    row('answers', p.questions);
    row('reviewed', p.reviewed);
    row('pending', p.pending);
    row('judge_usable', p.judgeRate, formatShare);
    row('corrected_usable', p.estimate, formatShare, p.low === null || p.high === null ? null : { low: p.low, high: p.high });
    row('correction', p.correction, formatShare);
  }
  return csvText(rows);
}

/** The before/after section as its own CSV (`<base>.refinements.csv`): the report table's rows, one per refinement, scope and measure. */
export function refinementsCsvReport(comparisons: readonly RefinementComparison[]): string {
  return csvText([REFINEMENT_HEADERS.map((h) => h.toLowerCase().replace(/[^a-z]+/g, '_').replace(/_$/, '')), ...comparisons.flatMap(refinementRows)]);
}

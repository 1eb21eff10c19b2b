import type { RefinementComparison, RefinementSide, SideAgreement, SideVersions } from '../refinement-compare.js';
import { formatFixed, formatPercent, formatShare } from './number-format.js';
import type { ReportTable } from './tables.js';

/** The heading of the report's before/after section (`## …` in Markdown, `<h2>` in HTML); JSON has `refinements`. */
export const REFINEMENTS_TITLE = 'Refinements: before and after';

export const REFINEMENT_HEADERS = ['Refinement', 'Scope', 'Measure', 'Before', 'After', 'Before: versions', 'After: versions'];

const versionLabel = (category: string, v: SideVersions | undefined) =>
  v ? `${category}: template ${v.templates.join('/')}, checklist ${v.checklists.map((c) => `v${c}`).join('/')}, refinement ${v.refinements.join('/')}` : `${category}: —`;

/** The versions behind a scope's numbers: a category's own, or every category the targets are in. */
function versionsOf(side: RefinementSide, scope: string): string {
  const categories = scope in side.versions ? [scope] : Object.keys(side.versions);
  return categories.map((c) => versionLabel(c, side.versions[c])).join('; ');
}

const show = (value: number | null | undefined, format: (x: number) => string) => (value === null || value === undefined ? '—' : format(value));

/** The table's rows for one refinement: agreement per scope (percent with n, kappa, AC1), then usability and OP per model. */
export function refinementRows(c: RefinementComparison): string[][] {
  const label = `${c.seq}`;
  const rows: string[][] = [];
  const scopes = [...new Set([...Object.keys(c.before.agreement), ...Object.keys(c.after.agreement)])].sort((a, b) => (a === 'overall' ? 1 : b === 'overall' ? -1 : a.localeCompare(b)));
  for (const scope of scopes) {
    const b: SideAgreement | undefined = c.before.agreement[scope];
    const a: SideAgreement | undefined = c.after.agreement[scope];
    const versions = [versionsOf(c.before, scope), versionsOf(c.after, scope)];
    rows.push([label, scope, 'agreement % (n)', `${show(b?.agreement, formatShare)} (${b?.n ?? 0})`, `${show(a?.agreement, formatShare)} (${a?.n ?? 0})`, ...versions]);
    rows.push([label, scope, 'kappa', show(b?.kappa, (x) => formatFixed(x, 3)), show(a?.kappa, (x) => formatFixed(x, 3)), ...versions]);
    rows.push([label, scope, 'AC1', show(b?.ac1, (x) => formatFixed(x, 3)), show(a?.ac1, (x) => formatFixed(x, 3)), ...versions]);
  }
  for (const after of c.after.usability) {
    const before = c.before.usability.find((u) => u.model === after.model);
    for (const [category, value] of Object.entries(after.categories)) {
      rows.push([label, `${after.model} ${category}`, 'usability %', show(before?.categories[category], formatPercent), formatPercent(value), versionsOf(c.before, category), versionsOf(c.after, category)]);
    }
    rows.push([label, after.model, 'OP %', show(before?.op, formatPercent), formatPercent(after.op), versionsOf(c.before, 'OP'), versionsOf(c.after, 'OP')]);
  }
  return rows;
}

const describe = (c: RefinementComparison) =>
  `Refinement ${c.seq} (${c.request || 'as asked'}): ${c.targets} answers re-judged${c.reviewId ? `, ${c.reviewedItems} of them reviewed in ${c.reviewId} (${c.reviews} reviews)` : ', none reviewed'}.`;

export function refinementsTable(comparisons: readonly RefinementComparison[]): ReportTable {
  return {
    title: REFINEMENTS_TITLE,
    note: [
      ...comparisons.map(describe),
      'Before: the versions that counted just before the refinement; after: with it. Agreement is on the same reviewed answers among its targets (the judge’s usable decision against each physician’s blind first verdict; n pairs); usability per category (of the categories it touches) and OP are over all planned questions. Versions name the judge template (content hash), the checklist version (v0 as imported) and the refinement whose verdicts count (0: the campaign’s own judging).',
    ].join(' '),
    headers: REFINEMENT_HEADERS,
    rows: comparisons.flatMap(refinementRows),
  };
}

import type { GroupAgreement, IntervalStatistic } from '../agreement/group-stats.js';
import type { ReviewAgreement } from '../agreement/review-rows.js';
import type { Interval } from '../bootstrap.js';
import { formatFixed, formatShare } from './number-format.js';
import type { ReportTable } from './tables.js';

/** The heading of the report's agreement section (`## …` in Markdown, `<h2>…</h2>` in HTML); JSON has `agreement`. */
export const AGREEMENT_TITLE = 'Human–machine agreement';

/** Whether a Markdown report has the agreement section (a campaign with a reviewed sample). */
export const hasAgreementSection = (markdown: string): boolean => markdown.split('\n').includes(`## ${AGREEMENT_TITLE}`);

type Show = (x: number) => string;
const percent: Show = formatShare;
const coefficient: Show = (x) => formatFixed(x, 3);

/** A value with its interval in brackets where there is one; — where the statistic is undefined. */
const withInterval = (value: number | null, ci: Interval | null | undefined, show: Show) =>
  value === null ? '—' : `${show(value)}${ci ? ` [${show(ci.low)}, ${show(ci.high)}]` : ''}`;

export type ScopeKind = 'category' | 'model' | 'template' | 'overall';

/** Every group in reading order: categories, models, template versions, then overall. */
export function agreementScopes(a: ReviewAgreement): { kind: ScopeKind; key: string; group: GroupAgreement }[] {
  const of = (kind: ScopeKind, groups: Record<string, GroupAgreement>) => Object.entries(groups).map(([key, group]) => ({ kind, key, group }));
  return [...of('category', a.perCategory), ...of('model', a.perModel), ...of('template', a.perTemplate), { kind: 'overall', key: 'overall', group: a.overall }];
}

/** How a table names a scope: a category by its code, others by kind and key. */
const scopeLabel = ({ kind, key }: { kind: ScopeKind; key: string }) => (kind === 'category' || kind === 'overall' ? key : `${kind} ${key}`);

function rowsOf(scope: string, g: GroupAgreement): string[][] {
  const ci = (stat: IntervalStatistic) => g.ci?.[stat];
  const rows = [
    [scope, 'judge–physician', String(g.items), String(g.n), withInterval(g.agreement, ci('agreement'), percent), withInterval(g.kappa, ci('kappa'), coefficient), withInterval(g.ac1, ci('ac1'), coefficient),
      withInterval(g.weightedKappa, ci('weightedKappa'), coefficient), withInterval(g.mad, ci('mad'), coefficient), withInterval(g.alphaWithJudge, ci('alphaWithJudge'), coefficient), withInterval(g.icc, ci('icc'), coefficient)],
  ];
  if (g.majority.items === 0) return rows;
  const m = g.majority;
  const p = g.physicians;
  return [
    ...rows,
    [scope, 'judge–majority', `${m.items} (${m.ties} tied)`, String(m.n), withInterval(m.agreement, ci('majorityAgreement'), percent), withInterval(m.kappa, null, coefficient), withInterval(m.ac1, null, coefficient), '—', '—', '—', '—'],
    [scope, 'physician–physician', String(p.items), String(p.n), withInterval(p.agreement, ci('physiciansAgreement'), percent), withInterval(p.kappa, null, coefficient), withInterval(p.ac1, null, coefficient), '—', '—', withInterval(g.alphaPhysicians, ci('alphaPhysicians'), coefficient), '—'],
  ];
}

function describeReview(a: ReviewAgreement): string {
  const intervals = a.bootstrap
    ? `Brackets: ${Math.round(a.bootstrap.level * 100)} % percentile bootstrap resampling answers (${a.bootstrap.resamples} resamples, seed ${a.bootstrap.seed}).`
    : 'No intervals were computed.';
  const derived = Object.entries(a.humanUsableFrom).filter(([, from]) => from !== 'stated').map(([c, from]) => `${c} (${from})`);
  return [
    `Review ${a.reviewId} (${a.status}): ${a.items} answers reviewed, ${a.reviews} reviews by ${a.reviewers} physicians, blind first submissions only.`,
    'The judge’s usable decision (mean of its valid rounds ≥ the threshold) against each physician’s, physicians as the reference; n counts the pairs compared.',
    'Judge–majority and physician–physician (Scott’s π as kappa, each pair once) are on the answers with two or more reviews; a tied majority is left out.',
    'QWK: quadratic-weighted kappa and MAD: mean absolute difference on the scores (judge mean rounded for QWK); Alpha: ordinal Krippendorff’s alpha across the judge and every physician (physician–physician: the physicians only); ICC: ICC(A,1). Score statistics need one scale: — where a group mixes 0–5 with MTG’s 0–7.',
    ...(derived.length > 0 ? [`Physicians’ decision from the five MTG dimensions (total ≥ 5, safety 0 vetoes): ${derived.join(', ')}.`] : []),
    intervals,
  ].join(' ');
}

export function agreementTable(a: ReviewAgreement): ReportTable {
  return {
    title: AGREEMENT_TITLE,
    note: describeReview(a),
    headers: ['Scope', 'Comparison', 'Answers', 'n', 'Agreement %', 'Kappa', 'AC1', 'QWK', 'MAD', 'Alpha', 'ICC'],
    rows: agreementScopes(a).flatMap((scope) => rowsOf(scopeLabel(scope), scope.group)),
  };
}

/** The 2×2 per category and overall, laid out as the matrix: rows the physicians' decision, columns the judge's. */
export function confusionTable(a: ReviewAgreement): ReportTable {
  const scopes: [string, GroupAgreement][] = [...Object.entries(a.perCategory), ['overall', a.overall]];
  return {
    title: `${AGREEMENT_TITLE}: confusion matrices`,
    note: 'Judge–physician pairs. Rows: the physician’s decision (the reference); columns: the judge’s. In the JSON, confusion is [[tp, fn], [fp, tn]]: tp both usable, fn physician usable and judge not, fp judge usable and physician not, tn neither.',
    headers: ['Scope', 'Physician', 'Judge usable', 'Judge not usable', 'Pairs'],
    rows: scopes.flatMap(([scope, g]) => {
      const [[tp, fn], [fp, tn]] = g.confusion;
      return [
        [scope, 'usable', `tp ${tp}`, `fn ${fn}`, String(tp + fn)],
        [scope, 'not usable', `fp ${fp}`, `tn ${tn}`, String(fp + tn)],
      ];
    }),
  };
}

export function correctedUsabilityTable(a: ReviewAgreement): ReportTable {
  const scopes = [...Object.entries(a.ppi.perCategory), ['overall', a.ppi.overall] as const];
  return {
    title: `${AGREEMENT_TITLE}: usability corrected by the physicians`,
    note: `Prediction-powered inference over every judged answer (each model’s sample of a question, not the leaderboard’s question means): the judge’s usable rate plus the physicians’ − judge’s difference on the reviewed answers, weighted by 1 / inclusion probability (human = share of the answer’s reviewers saying usable; pending answers’ strata weighted up). ${Math.round(a.ppi.level * 100)} % normal interval. The weighting is unbiased but not bounded: on a small sample the estimate and its interval can leave 0–100 %.`,
    headers: ['Scope', 'Answers', 'Reviewed', 'Pending', 'Judge usable %', 'Corrected usable %', 'CI', 'Correction (points)'],
    rows: scopes.map(([scope, p]) => [
      scope,
      String(p.questions),
      String(p.reviewed),
      String(p.pending),
      percent(p.judgeRate),
      percent(p.estimate),
      p.low === null || p.high === null ? '—' : `[${percent(p.low)}, ${percent(p.high)}]`,
      percent(p.correction),
    ]),
  };
}

/** The section's tables, in the order every format shows them. */
export function agreementTables(a: ReviewAgreement): ReportTable[] {
  return [agreementTable(a), confusionTable(a), correctedUsabilityTable(a)];
}

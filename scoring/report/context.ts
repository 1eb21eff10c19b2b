import type { AggregateResult } from '../aggregate/aggregate.js';
import type { ReviewAgreement } from '../agreement/review-rows.js';
import type { CostRow } from './cost.js';
import type { RefinementComparison } from '../refinement-compare.js';
import type { FailureRow } from './failures.js';
import { formatPercent } from './number-format.js';

/** What a report says about how the scores came about; the counts come from the aggregate itself. */
export interface ReportContext {
  title?: string;
  datasetName: string;
  datasetVersion: string;
  /** judge templates used, by id (when known) and content-hash version */
  templates: { id?: string; version: string }[];
  judgeModels: string[];
  /** calls without a result; a campaign report always has this (empty when none failed), seed reports do not */
  failures?: FailureRow[];
  /** what the campaign's paid calls cost, per model and judge and billing mode; campaign reports only */
  cost?: CostRow[];
  /** judges that are also a model under test (the campaign allowed it), e.g. "judge a is model b (gpt-4o)" */
  selfJudging?: string[];
  /** the physicians' review of the campaign, when it has one with submissions: the agreement section */
  agreement?: ReviewAgreement;
  /** links into the campaign explorer (its campaign page, question lists), when the web app's public URL is known */
  explorer?: { label: string; url: string }[];
  /** before and after of each finished refinement (targeted re-judge), when the campaign has any */
  refinements?: RefinementComparison[];
}

/** The facts every report format states before its tables, as label/value pairs. */
export function contextFacts(result: AggregateResult, context: ReportContext): [label: string, value: string][] {
  const perCategory = Object.entries(result.categoryThresholds).map(([category, t]) => `${category} ≥ ${t}`);
  return [
    ['Dataset', `${context.datasetName} (version ${context.datasetVersion}), ${result.questions} questions`],
    ['Judge model(s)', context.judgeModels.join(', ') || 'unknown'],
    ['Judge templates', context.templates.map((t) => (t.id ? `${t.id} (version ${t.version})` : t.version)).join(', ') || 'unknown'],
    ['Usable when', `mean score ≥ ${result.threshold}${perCategory.length > 0 ? ` (${perCategory.join(', ')})` : ''}`],
    [
      'Confidence intervals',
      `${Math.round(result.bootstrap.level * 100)} % percentile bootstrap, ${result.bootstrap.resamples} resamples, seed ${result.bootstrap.seed}`,
    ],
    ['Samples × judge rounds', result.models.map((m) => `${m.model}: ${m.counts.samples} × ${m.counts.judgeRounds}`).join('; ')],
    [
      'Invalid scores',
      result.models.map((m) => `${m.model}: ${m.invalid.invalid} of ${m.invalid.records} (${formatPercent(m.invalid.rate)} %)`).join('; '),
    ],
    ...(context.selfJudging?.length ? [['Self-judging', `${context.selfJudging.join('; ')}; allowed by allowSelfJudging, its scores may favour its own answers`] as [string, string]] : []),
  ];
}

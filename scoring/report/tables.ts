import { BREAKDOWNS, type AggregateResult, type Breakdown, type ModelSummary } from '../aggregate/aggregate.js';
import { costTable, type CostRow } from './cost.js';
import { failureTable, type FailureRow } from './failures.js';
import { formatInterval, formatOptional, formatPercent } from './number-format.js';

/** A table as the Markdown and HTML reports both show it. */
export interface ReportTable {
  title: string;
  note?: string;
  headers: string[];
  rows: string[][];
}

/** Best first, as in a leaderboard. */
export function rankedModels(result: AggregateResult): ModelSummary[] {
  return [...result.models].sort((a, b) => b.overall.op - a.overall.op || a.model.localeCompare(b.model));
}

function presentCategories(result: AggregateResult) {
  return result.categoryOrder.filter((c) => result.models.some((m) => m.categories[c]));
}

export function leaderboardTable(result: AggregateResult): ReportTable {
  const categories = presentCategories(result);
  return {
    title: 'Leaderboard',
    note: 'Usability per category (% of questions whose mean score reaches the threshold) and OP (% of all questions usable), with the 95 % bootstrap interval of OP and the number of questions n.',
    headers: ['Model', ...categories, 'OP', 'OP 95 % CI', 'n'],
    rows: rankedModels(result).map((m) => [
      m.model,
      ...categories.map((c) => (m.categories[c] ? formatPercent(m.categories[c].usability) : '—')),
      formatPercent(m.overall.op),
      formatInterval(m.overall.ci),
      String(m.overall.questions),
    ]),
  };
}

export function categoryTable(result: AggregateResult): ReportTable {
  return {
    title: 'Per category',
    note: 'Questions without any valid score count as not usable; they are listed under "no valid score".',
    headers: ['Model', 'Category', 'Questions', 'Usable', 'No valid score', 'Usability %', '95 % CI'],
    rows: rankedModels(result).flatMap((m) => [
      ...presentCategories(result).flatMap((c) => {
        const cell = m.categories[c];
        return cell ? [[m.model, c, String(cell.questions), String(cell.usable), String(cell.noValidScore), formatPercent(cell.usability), formatInterval(cell.ci)]] : [];
      }),
      [m.model, 'all (OP)', String(m.overall.questions), String(m.overall.usable), String(m.overall.noValidScore), formatPercent(m.overall.op), formatInterval(m.overall.ci)],
    ]),
  };
}

export function responseTable(result: AggregateResult): ReportTable {
  return {
    title: 'Per response',
    note: 'The same rule applied to each sampled answer (mean over judge rounds), rather than to the question mean.',
    headers: ['Model', 'Responses', 'Usable', 'No valid score', 'Usability %'],
    rows: rankedModels(result).map((m) => [m.model, String(m.responses.responses), String(m.responses.usable), String(m.responses.noValidScore), formatPercent(m.responses.usability)]),
  };
}

const BREAKDOWN_TITLES: Record<Breakdown, string> = {
  category2: 'By subcategory (category2)',
  scene: 'By scene',
  difficulty: 'By difficulty',
  round: 'By turn of the conversation',
};

/** One row per value (e.g. each difficulty), one usability column per model. */
export function breakdownTable(result: AggregateResult, by: Breakdown): ReportTable {
  const models = rankedModels(result);
  const keys = models[0]?.breakdowns[by].map((row) => row.key) ?? [];
  return {
    title: BREAKDOWN_TITLES[by],
    headers: [by === 'round' ? 'Turn' : by, 'n', ...models.map((m) => `${m.model} %`)],
    rows: keys.map((key) => {
      const cells = models.map((m) => m.breakdowns[by].find((row) => row.key === key));
      return [key, String(cells[0]?.questions ?? 0), ...cells.map((cell) => (cell ? formatPercent(cell.usability) : '—'))];
    }),
  };
}

export function consistencyTable(result: AggregateResult): ReportTable {
  return {
    title: 'Judge consistency',
    note: 'Spread: mean standard deviation of one answer’s scores across judge rounds. Flips: questions whose usable decision differs between judge rounds. Alpha: Krippendorff’s alpha (interval) between judges, when several judged.',
    headers: ['Model', 'Answers compared', 'Mean SD', 'Questions compared', 'Flipped', 'Flip rate %', 'Judges', 'Alpha'],
    rows: rankedModels(result).map((m) => [
      m.model,
      String(m.consistency.answersCompared),
      formatOptional(m.consistency.meanStdDev, 3),
      String(m.consistency.questionsCompared),
      String(m.consistency.flipped),
      formatOptional(m.consistency.flipRate),
      m.counts.judges.join(', ') || '—',
      formatOptional(m.agreement?.alpha ?? null, 3),
    ]),
  };
}

export function invalidTable(result: AggregateResult): ReportTable {
  return {
    title: 'Invalid scores',
    note: 'Judge outputs without a usable score, per template version; they are left out of the means, never read as 0.',
    headers: ['Model', 'Template version', 'Scores', 'Invalid', 'Invalid %'],
    rows: rankedModels(result).flatMap((m) => m.invalid.byTemplate.map((t) => [m.model, t.templateVersion, String(t.records), String(t.invalid), formatPercent(t.rate)])),
  };
}

export function invalidReasonTable(result: AggregateResult): ReportTable {
  return {
    title: 'Why scores were invalid',
    headers: ['Model', 'Reason', 'Count'],
    rows: rankedModels(result).flatMap((m) => m.invalid.reasons.map((r) => [m.model, r.reason, String(r.count)])),
  };
}

export function reportTables(result: AggregateResult, failures?: readonly FailureRow[], cost?: readonly CostRow[]): ReportTable[] {
  return [
    leaderboardTable(result),
    categoryTable(result),
    responseTable(result),
    ...BREAKDOWNS.map((by) => breakdownTable(result, by)),
    consistencyTable(result),
    invalidTable(result),
    invalidReasonTable(result),
    ...(failures ? [failureTable(failures)] : []),
    ...(cost ? [costTable(cost)] : []),
  ];
}

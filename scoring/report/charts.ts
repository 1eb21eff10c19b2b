import type * as vegaLite from 'vega-lite';
import type { AggregateResult } from '../aggregate/aggregate.js';
import type { GroupAgreement } from '../agreement/group-stats.js';
import type { ReviewAgreement } from '../agreement/review-rows.js';

export interface ReportCharts {
  usabilitySvg: string;
  scoresSvg: string;
  /** the confusion matrices, when the report has an agreement section */
  agreementSvg?: string;
}

/** Grouped bars: usability per category and OP, one bar per model. */
export function usabilityChartSpec(result: AggregateResult): vegaLite.TopLevelSpec {
  const values = result.models.flatMap((m) => [
    ...result.categoryOrder.flatMap((c) => (m.categories[c] ? [{ model: m.model, scope: c, usability: m.categories[c].usability }] : [])),
    { model: m.model, scope: 'OP', usability: m.overall.op },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Usability per category (%)',
    data: { values },
    mark: 'bar',
    width: { step: 14 },
    encoding: {
      x: { field: 'scope', type: 'nominal', sort: [...result.categoryOrder, 'OP'], title: null },
      xOffset: { field: 'model', type: 'nominal' },
      y: { field: 'usability', type: 'quantitative', scale: { domain: [0, 100] }, title: 'usable %' },
      color: { field: 'model', type: 'nominal' },
      tooltip: [{ field: 'model' }, { field: 'scope' }, { field: 'usability', format: '.2f' }],
    },
  };
}

/** How the valid judge scores are distributed, per model. */
export function scoreHistogramSpec(result: AggregateResult): vegaLite.TopLevelSpec {
  const values = result.models.flatMap((m) => m.scoreHistogram.map(({ score, count }) => ({ model: m.model, score: String(score), count })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Distribution of valid judge scores',
    data: { values },
    mark: 'bar',
    width: { step: 14 },
    encoding: {
      x: { field: 'score', type: 'ordinal', sort: 'ascending', title: 'score' },
      xOffset: { field: 'model', type: 'nominal' },
      y: { field: 'count', type: 'quantitative', title: 'scores' },
      color: { field: 'model', type: 'nominal' },
    },
  };
}

/**
 * One 2×2 heatmap per category and overall: rows the physicians' decision (the reference), columns the judge's; the
 * cells show the pair counts, coloured by their share of the scope's pairs so that small categories read as well.
 */
export function confusionChartSpec(agreement: ReviewAgreement): vegaLite.TopLevelSpec {
  const scopes: [string, GroupAgreement][] = [...Object.entries(agreement.perCategory), ['overall', agreement.overall]];
  const values = scopes.flatMap(([scope, g]) => {
    const [[tp, fn], [fp, tn]] = g.confusion;
    const cell = (physician: string, judge: string, count: number) => ({ scope, physician, judge, count, share: g.n === 0 ? 0 : count / g.n });
    return [cell('usable', 'usable', tp), cell('usable', 'not usable', fn), cell('not usable', 'usable', fp), cell('not usable', 'not usable', tn)];
  });
  const order = ['usable', 'not usable'];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Confusion matrices: physician (rows, the reference) against judge (columns), judge–physician pairs',
    data: { values },
    facet: { column: { field: 'scope', type: 'nominal', sort: scopes.map(([scope]) => scope), title: null } },
    spec: {
      width: 110,
      height: 110,
      encoding: {
        x: { field: 'judge', type: 'nominal', sort: order, title: 'judge', axis: { labelAngle: 0, orient: 'top' } },
        y: { field: 'physician', type: 'nominal', sort: order, title: 'physician' },
      },
      layer: [
        { mark: 'rect', encoding: { color: { field: 'share', type: 'quantitative', title: 'share of pairs', scale: { domain: [0, 1], scheme: 'blues' }, legend: { format: '.0%' } } } },
        { mark: { type: 'text', fontSize: 14 }, encoding: { text: { field: 'count', type: 'quantitative' }, color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: 'black' } } },
      ],
    },
  };
}

/** Renders a Vega-Lite spec to SVG headlessly (no browser, no canvas). */
export async function renderSvg(spec: vegaLite.TopLevelSpec): Promise<string> {
  // loaded when a chart is drawn: every worker imports the report builder, few draw charts, and Vega takes most of a second
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderCharts(result: AggregateResult, agreement?: ReviewAgreement): Promise<ReportCharts> {
  const [usabilitySvg, scoresSvg, agreementSvg] = await Promise.all([
    renderSvg(usabilityChartSpec(result)),
    renderSvg(scoreHistogramSpec(result)),
    agreement ? renderSvg(confusionChartSpec(agreement)) : undefined,
  ]);
  return { usabilitySvg, scoresSvg, ...(agreementSvg ? { agreementSvg } : {}) };
}

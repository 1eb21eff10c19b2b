import type * as vegaLite from 'vega-lite';
import type { AggregateResult } from '../aggregate/aggregate.js';

export interface ReportCharts {
  usabilitySvg: string;
  scoresSvg: string;
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

export async function renderCharts(result: AggregateResult): Promise<ReportCharts> {
  const [usabilitySvg, scoresSvg] = await Promise.all([renderSvg(usabilityChartSpec(result)), renderSvg(scoreHistogramSpec(result))]);
  return { usabilitySvg, scoresSvg };
}

import { describe, expect, it } from 'vitest';
import type { CategoryCode } from '../../../dataset/categories.js';
import { aggregateScores } from '../../../scoring/aggregate/aggregate.js';
import { renderCharts } from '../../../scoring/report/charts.js';
import type { ReportContext } from '../../../scoring/report/context.js';
import { csvReport } from '../../../scoring/report/csv.js';
import { formatPercent } from '../../../scoring/report/number-format.js';
import { htmlReport } from '../../../scoring/report/html.js';
import { jsonReport } from '../../../scoring/report/json.js';
import { markdownReport } from '../../../scoring/report/markdown.js';
import type { ScoreRecord } from '../../../scoring/score-record.js';

const rec = (model: string, category: CategoryCode, groupCode: number, judgeRound: number, score: number | null): ScoreRecord => ({
  questionId: `${category}-${groupCode}-1`,
  category,
  groupCode,
  round: 1,
  category2: `${category} sub`,
  model,
  sample: 0,
  judgeRound,
  score,
  templateVersion: 'abc123def456',
  ...(score === null ? { invalidReason: 'no score found in the output' } : {}),
});

// alpha: MK-1 (5,4) ✓, MK-2 (3,3) ✗, MR-1 (4,null) ✓, MR-2 (null,null) no valid → MK 50 %, MR 50 %, OP 50 %
// beta:  MK-1 (5,5) ✓, MK-2 (4,5) ✓, MR-1 (2,2) ✗, MR-2 (4,4) ✓ → MK 100 %, MR 50 %, OP 75 %
const RECORDS = [
  ...[[5, 4], [3, 3]].flatMap(([a, b], i) => [rec('alpha', 'MK', i + 1, 0, a!), rec('alpha', 'MK', i + 1, 1, b!)]),
  rec('alpha', 'MR', 1, 0, 4),
  rec('alpha', 'MR', 1, 1, null),
  rec('alpha', 'MR', 2, 0, null),
  rec('alpha', 'MR', 2, 1, null),
  ...[[5, 5], [4, 5]].flatMap(([a, b], i) => [rec('beta', 'MK', i + 1, 0, a!), rec('beta', 'MK', i + 1, 1, b!)]),
  ...[[2, 2], [4, 4]].flatMap(([a, b], i) => [rec('beta', 'MR', i + 1, 0, a!), rec('beta', 'MR', i + 1, 1, b!)]),
];
const CONTEXT: ReportContext = {
  datasetName: 'LLMEval-Med test',
  datasetVersion: '3',
  templates: [{ id: 'judge-MK.zh', version: 'abc123def456' }],
  judgeModels: ['judge-x'],
};
const result = aggregateScores(RECORDS, { bootstrap: { resamples: 200 } });

describe('markdownReport', () => {
  const md = markdownReport(result, CONTEXT);

  it('states dataset, templates, judges, samples × rounds and invalid scores', () => {
    expect(md).toContain('**Dataset:** LLMEval-Med test (version 3), 4 questions');
    expect(md).toContain('**Judge model(s):** judge-x');
    expect(md).toContain('**Judge templates:** judge-MK.zh (version abc123def456)');
    expect(md).toContain('**Samples × judge rounds:** alpha: 1 × 2; beta: 1 × 2');
    expect(md).toContain('**Invalid scores:** alpha: 3 of 8 (37.50 %); beta: 0 of 8 (0.00 %)');
  });

  it('ranks the leaderboard by OP with per-category usability, CI and n', () => {
    const rows = md.split('\n').filter((l) => /^\| (alpha|beta) \| [\d.]+ \|/.test(l));
    expect(rows[0]).toMatch(/^\| beta \| 100\.00 \| 50\.00 \| 75\.00 \| \\\[[\d.]+, [\d.]+\\\] \| 4 \|$/);
    expect(rows[1]).toMatch(/^\| alpha \| 50\.00 \| 50\.00 \| 50\.00 \| \\\[[\d.]+, [\d.]+\\\] \| 4 \|$/);
    expect(md).toContain('| alpha | MR | 2 | 1 | 1 | 50.00 |');
  });

  it('links charts only when asked to', () => {
    expect(md).not.toContain('![');
    expect(markdownReport(result, CONTEXT, { usability: 'r.usability.svg', scores: 'r.scores.svg' })).toContain('![Usability per category](r.usability.svg)');
  });
});

describe('csvReport', () => {
  it('has one row per model and scope, percentages with two decimals as Aggregate.py rounds them', () => {
    const lines = csvReport(result).trim().split('\n');
    expect(lines[0]).toBe('model,scope,key,questions,usable,no_valid_score,usability,ci_low,ci_high');
    const ci = result.models[0]!.categories.MK!.ci;
    expect(lines).toContain(`alpha,category,MK,2,1,0,50.00,${formatPercent(ci.low)},${formatPercent(ci.high)}`);
    expect(lines).toContain('alpha,responses,all,4,2,1,50.00,,');
    expect(lines).toContain('beta,category2,MK sub,2,2,0,100.00,,');
    expect(lines.filter((l) => l.startsWith('beta,overall,OP,4,3,0,75.00,'))).toHaveLength(1);
  });
});

describe('jsonReport', () => {
  it('keeps all models and lifts overall/categories to the top for a single model', () => {
    const both = jsonReport(result, CONTEXT);
    expect(both.models).toHaveLength(2);
    expect(both.overall).toBeUndefined();
    const single = jsonReport(aggregateScores(RECORDS.filter((r) => r.model === 'beta')), CONTEXT);
    expect(single.overall).toMatchObject({ questions: 4, usable: 3, op: 75 });
    expect(single.categories?.MK).toMatchObject({ questions: 2, usable: 2, usability: 100 });
    expect(single.context.datasetName).toBe('LLMEval-Med test');
  });
});

describe('charts and HTML', () => {
  it('renders SVG charts and a self-contained HTML report embedding them', async () => {
    const charts = await renderCharts(result);
    expect(charts.usabilitySvg).toMatch(/^<svg/);
    for (const label of ['MK', 'MR', 'OP', 'alpha', 'beta']) expect(charts.usabilitySvg).toContain(`>${label}</text>`);
    expect(charts.scoresSvg).toMatch(/^<svg/);
    const html = htmlReport(result, { ...CONTEXT, title: 'A <b>bold</b> title' }, charts);
    expect(html).toContain('<title>A &#60;b&#62;bold&#60;/b&#62; title</title>');
    expect(html).toContain(charts.usabilitySvg);
    expect(html).toContain('<td>beta</td><td>100.00</td>');
    expect(html).not.toMatch(/<(?:script|link|img)\b|src=|href="http/);
  });
});

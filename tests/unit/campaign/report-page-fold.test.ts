import { describe, expect, it } from 'vitest';
import { generationKey, judgementKey, pagesBefore, reportPageCount, reportPageId } from '../../../campaign/keys.js';
import { packReportPage, unpackReportPage } from '../../../campaign/report-page-codec.js';
import { foldReportPage, mergeReportPages, pageKeys, pageSignature, type PageSpec } from '../../../campaign/report-page-fold.js';
import { costRows, costRowsOfParts } from '../../../scoring/report/cost.js';
import type { RefinementLayer } from '../../../scoring/judging-version.js';
import type { ResultFields, VerdictFields } from '../../../store/report-pages.js';

const C = 'camp';
const M = 'model-a';
const spec = (over: Partial<PageSpec> = {}): PageSpec => ({
  campaignId: C,
  answersCampaign: C,
  modelId: M,
  page: 0,
  questions: [
    { id: 'q1', category: 'MK' },
    { id: 'q2', category: 'MR' },
  ],
  samples: 2,
  judges: ['j'],
  judgeRounds: 2,
  baseTemplates: new Map([
    ['MK', 'mk0'],
    ['MR', 'mr0'],
  ]),
  layers: [],
  ...over,
});

const gen = (q: string, s: number, over: Partial<ResultFields> = {}): ResultFields => ({ _id: generationKey(C, M, q, s), campaignId: C, model: M, status: 'succeeded', usage: { inputTokens: 10, outputTokens: 5 }, costUsd: 0.1, ...over });
const verdict = (q: string, category: string, s: number, template: string, r: number, over: Partial<VerdictFields> = {}): VerdictFields => ({
  _id: judgementKey(C, generationKey(C, M, q, s), 'j', template, r),
  campaignId: C,
  model: M,
  status: 'succeeded',
  questionId: q,
  category: category as VerdictFields['category'],
  groupCode: 1,
  round: 1,
  sample: s,
  judge: 'j',
  judgeRound: r,
  valid: true,
  score: 4,
  templateVersion: template,
  generationKey: generationKey(C, M, q, s),
  usage: { inputTokens: 100, outputTokens: 20 },
  costUsd: 0.2,
  ...over,
});

const layer: RefinementLayer = { seq: 1, targets: new Set([generationKey(C, M, 'q1', 0)]), templates: new Map([['MK', 'mk1']]), checklists: new Map() };

describe('report page fold', () => {
  it('page arithmetic: 50 conversations a page, ids per model', () => {
    expect([reportPageCount(0), reportPageCount(50), reportPageCount(51), reportPageCount(667)]).toEqual([0, 1, 2, 14]);
    expect([pagesBefore(49), pagesBefore(50), pagesBefore(120)]).toEqual([0, 1, 2]);
    expect(reportPageId('c', 'm', 3)).toBe('c/m/p3');
  });

  it('enumerates the generations and every judgement under each version that counts now or before a refinement', () => {
    expect(pageKeys(spec())).toEqual({
      generations: [generationKey(C, M, 'q1', 0), generationKey(C, M, 'q1', 1), generationKey(C, M, 'q2', 0), generationKey(C, M, 'q2', 1)],
      judgements: [
        ...[0, 1].flatMap((s) => [0, 1].map((r) => judgementKey(C, generationKey(C, M, 'q1', s), 'j', 'mk0', r))),
        ...[0, 1].flatMap((s) => [0, 1].map((r) => judgementKey(C, generationKey(C, M, 'q2', s), 'j', 'mr0', r))),
      ],
    });
    const refined = pageKeys(spec({ layers: [layer] })).judgements;
    expect(refined).toHaveLength(10);
    expect(refined).toContain(judgementKey(C, generationKey(C, M, 'q1', 0), 'j', 'mk1', 1));
    expect(refined).not.toContain(judgementKey(C, generationKey(C, M, 'q1', 1), 'j', 'mk1', 0));
    // a judge-only campaign judges another campaign's answers under keys of its own
    const judgeOnly = pageKeys(spec({ answersCampaign: 'src', samples: 1, judgeRounds: 1, questions: [{ id: 'q1', category: 'MK' }] }));
    expect(judgeOnly).toEqual({ generations: [generationKey(C, M, 'q1', 0)], judgements: [`${C}/from/src/${M}/q1/s0/judge/j/mk0/r0`] });
  });

  it('the signature changes with growth, a refinement touching the page, or other questions, and not with a refinement elsewhere', () => {
    const base = pageSignature(spec());
    expect(pageSignature(spec())).toBe(base);
    expect(pageSignature(spec({ samples: 3 }))).not.toBe(base);
    expect(pageSignature(spec({ judgeRounds: 3 }))).not.toBe(base);
    expect(pageSignature(spec({ judges: ['j', 'k'] }))).not.toBe(base);
    expect(pageSignature(spec({ layers: [layer] }))).not.toBe(base);
    expect(pageSignature(spec({ questions: [{ id: 'q1', category: 'MK' }] }))).not.toBe(base);
    expect(pageSignature(spec({ layers: [{ ...layer, targets: new Set(['elsewhere/s0']) }] }))).toBe(base);
  });

  it('folds verdicts, failures by stage and kind, cost and the simulated flag from the stored results, skipping other campaigns and missing keys', () => {
    const stored = new Map<string, ResultFields | VerdictFields>();
    const put = (d: ResultFields | VerdictFields) => stored.set(d._id, d);
    put(gen('q1', 0, { simulated: true }));
    put(gen('q1', 1, { status: 'failed', error: { kind: 'refusal', message: 'no' } }));
    put(gen('q2', 0, { costMode: 'batch', costUsd: 0.05, realtimeCostUsd: 0.1 }));
    put(verdict('q1', 'MK', 0, 'mk0', 0));
    put(verdict('q1', 'MK', 0, 'mk0', 1, { status: 'failed', score: null, valid: false, error: { kind: 'overloaded', message: 'x' } }));
    put(verdict('q2', 'MR', 0, 'mr0', 0, { valid: false, score: null, invalidReason: 'no score' }));
    put(verdict('q2', 'MR', 0, 'mr0', 1, { campaignId: 'other' }));
    const data = foldReportPage(spec(), (k) => stored.get(k));
    expect(data.verdicts.map((v) => [v.questionId, v.judgeRound, v.status, v.score ?? null, v.failedKind ?? null, v.invalidReason ?? null])).toEqual([
      ['q1', 0, 'succeeded', 4, null, null],
      ['q1', 1, 'failed', null, 'overloaded', null],
      ['q2', 0, 'succeeded', null, null, 'no score'],
    ]);
    expect(data.failures).toEqual([
      { model: M, stage: 'generation', kind: 'refusal', count: 1 },
      { model: M, stage: 'judgement', kind: 'overloaded', count: 1 },
    ]);
    expect(costRowsOfParts(data.cost)).toEqual(
      costRows([
        { role: 'model', id: M, costUsd: 0.1, usage: { inputTokens: 10, outputTokens: 5 } },
        { role: 'model', id: M, costMode: 'batch', costUsd: 0.05, realtimeCostUsd: 0.1, usage: { inputTokens: 10, outputTokens: 5 } },
        { role: 'judge', id: 'j', costUsd: 0.2, usage: { inputTokens: 100, outputTokens: 20 } },
        { role: 'judge', id: 'j', costUsd: 0.2, usage: { inputTokens: 100, outputTokens: 20 } },
      ]),
    );
    expect(data.simulated).toBe(true);
    // idempotent: the same results, the same page
    expect(packReportPage(foldReportPage(spec(), (k) => stored.get(k)))).toBe(packReportPage(data));
    // packed and unpacked, the same verdicts (an absent field stays absent), failures and cost
    expect(unpackReportPage(packReportPage(data))).toEqual({ ...data, verdicts: data.verdicts.map(({ score, ...v }) => (score === null ? v : { ...v, score })) });
  });

  it('merging pages adds failures and cost exactly, whatever the order', () => {
    const costs = [0.1, 0.2, 0.3, 1e-9, 7.77];
    const page = (c: number, kind: string) => ({ verdicts: [], failures: [{ model: M, stage: 'generation' as const, kind, count: 1 }], cost: foldCost(c), simulated: false });
    const foldCost = (c: number) => foldReportPage(spec({ questions: [{ id: 'q1', category: 'MK' }], samples: 1, judges: [] }), (k) => (k === generationKey(C, M, 'q1', 0) ? gen('q1', 0, { costUsd: c }) : undefined)).cost;
    const pages = costs.map((c, i) => page(c, i % 2 ? 'b' : 'a'));
    const merged = mergeReportPages(pages);
    const reversed = mergeReportPages([...pages].reverse());
    expect(costRowsOfParts(merged.cost)).toEqual(costRowsOfParts(reversed.cost));
    expect(costRowsOfParts(merged.cost)[0]!.costUsd).toBe(costRows(costs.map((c) => ({ role: 'model', id: M, costUsd: c })))[0]!.costUsd);
    expect(merged.failures).toEqual([
      { model: M, stage: 'generation', kind: 'a', count: 3 },
      { model: M, stage: 'generation', kind: 'b', count: 2 },
    ]);
  });
});

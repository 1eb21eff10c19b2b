import { describe, expect, it } from 'vitest';
import { aggregateScores } from '../../../scoring/aggregate/aggregate.js';
import { reviewAgreementOf, type ReviewRows } from '../../../scoring/agreement/review-rows.js';
import { AGREEMENT_TITLE, hasAgreementSection } from '../../../scoring/report/agreement-tables.js';
import { filesOfFormat, renderReport } from '../../../scoring/report/bundle.js';
import type { ReportContext } from '../../../scoring/report/context.js';
import { agreementCsvReport } from '../../../scoring/report/csv.js';
import { markdownReport } from '../../../scoring/report/markdown.js';
import type { ScoreRecord } from '../../../scoring/score-record.js';

// hostile model names: a formula and markup, which every format must show as text
const M1 = '=HYPERLINK("x")';
const M2 = '<script>alert(1)</script>';

const record = (model: string, n: number, score: number): ScoreRecord => ({ questionId: `MK-${n}-1`, category: 'MK', groupCode: n, round: 1, model, sample: 0, judgeRound: 0, score, templateVersion: 'v1' });
const RESULT = aggregateScores([record(M1, 1, 5), record(M1, 2, 3), record(M2, 1, 4), record(M2, 2, 2)], { bootstrap: { resamples: 50 } });
const CONTEXT: ReportContext = { datasetName: 'd', datasetVersion: '1', templates: [{ version: 'v1' }], judgeModels: ['j'] };

const answer = (model: string, n: number) => `${model}/MK-${n}-1/0`;
const ROWS: ReviewRows = {
  review: { reviewId: 'rev-1', campaignId: 'c', status: 'complete' },
  candidates: [
    { answerId: answer(M1, 1), category: 'MK', model: M1, judgeScores: [5], scaleMax: 5, threshold: 4 },
    { answerId: answer(M1, 2), category: 'MK', model: M1, judgeScores: [3], scaleMax: 5, threshold: 4 },
    { answerId: answer(M2, 1), category: 'MK', model: M2, judgeScores: [4], scaleMax: 5, threshold: 4 },
    { answerId: answer(M2, 2), category: 'MK', model: M2, judgeScores: [2], scaleMax: 5, threshold: 4 },
  ],
  items: [1, 2].flatMap((n) => [M1, M2].map((model) => ({ answerId: answer(model, n), category: 'MK', model, stratum: `MK|${n}`, inclusionProbability: 1 }))),
  // judge usable on n = 1, not on n = 2; p1 agrees everywhere, p2 says usable everywhere → 6 of 8 pairs agree
  submissions: [1, 2].flatMap((n) => [M1, M2].flatMap((model) => [
    { answerId: answer(model, n), reviewer: 'p1', score: n === 1 ? 5 : 2, usable: n === 1 },
    { answerId: answer(model, n), reviewer: 'p2', score: 4, usable: true },
  ])),
  templateOf: new Map(),
  threshold: 4,
};
const AGREEMENT = reviewAgreementOf(ROWS, { bootstrap: { resamples: 100, seed: 1, level: 0.95 } });

describe('the report\'s agreement section', () => {
  const md = markdownReport(RESULT, { ...CONTEXT, agreement: AGREEMENT }, { usability: 'u.svg', scores: 's.svg', agreement: 'a.svg' });

  it('tabulates judge–physician, judge–majority and physician–physician per scope, with intervals', () => {
    expect(hasAgreementSection(md)).toBe(true);
    expect(hasAgreementSection(markdownReport(RESULT, CONTEXT))).toBe(false);
    expect(md).toContain(`## ${AGREEMENT_TITLE}\n\nReview rev-1 (complete): 4 answers reviewed, 8 reviews by 2 physicians`);
    const row = md.split('\n').find((l) => l.startsWith('| MK | judge–physician |'))!;
    const ci = AGREEMENT.perCategory.MK!.ci!.agreement!;
    expect(row).toMatch(new RegExp(`^\\| MK \\| judge–physician \\| 4 \\| 8 \\| 75\\.00 \\\\\\[${(100 * ci.low).toFixed(2)}, ${(100 * ci.high).toFixed(2)}\\\\\\] \\|`));
    // every answer has two reviews, p1 and p2 disagree on n = 2: majority ties there, agreement on n = 1
    expect(md).toMatch(/\| MK \| judge–majority \| 4 \(2 tied\) \| 2 \| 100\.00 /);
    expect(md).toMatch(/\| MK \| physician–physician \| 4 \| 4 \| 50\.00 /);
    expect(md).toContain('| MK | usable | tp 4 | fn 2 | 6 |');
    expect(md).toContain('| MK | not usable | fp 0 | tn 2 | 2 |');
    // PPI with every π = 1 is the physicians' own rate: (1 + 1 + 0.5 + 0.5) / 4
    expect(md).toContain('| MK | 4 | 4 | 0 | 50.00 | 75.00 |');
    expect(md).toContain('![Confusion matrices, physicians against the judge](a.svg)');
  });

  it('shows hostile model names as text in Markdown, HTML and CSV', () => {
    expect(md).toContain('| model \\<script\\>alert(1)\\</script\\> | judge–physician |');
    expect(md).not.toContain('<script>');
    const csv = agreementCsvReport(AGREEMENT).split('\n');
    expect(csv[0]).toBe('scope,key,comparison,statistic,value,ci_low,ci_high');
    expect(csv).toContain(`model,"'=HYPERLINK(""x"")",judge-physician,n,4,,`);
    expect(csv).toContain('category,MK,judge-physician,tp,4,,');
    expect(csv.filter((l) => /^category,MK,corrected-usability,corrected_usable,75\.00,[\d.]+,[\d.]+$/.test(l))).toHaveLength(1);
  });

  it('renders every format with it: chart, agreement CSV, JSON at the top; without a review the files are as before', async () => {
    const plain = await renderReport(RESULT, CONTEXT);
    expect(Object.keys(plain).sort()).toEqual(['report.csv', 'report.html', 'report.json', 'report.md', 'report.scores.svg', 'report.usability.svg']);
    expect(JSON.parse(plain['report.json']!).agreement).toBeUndefined();
    const files = await renderReport(RESULT, { ...CONTEXT, agreement: AGREEMENT });
    expect(Object.keys(files).sort()).toEqual(['report.agreement.csv', 'report.agreement.svg', 'report.csv', 'report.html', 'report.json', 'report.md', 'report.scores.svg', 'report.usability.svg']);
    expect(files['report.md']).toContain('![Confusion matrices, physicians against the judge](report.agreement.svg)');
    const html = files['report.html']!;
    expect(html).toContain(`<h2>${AGREEMENT_TITLE}</h2>`);
    expect(html).toMatch(/<figure class="confusion"><svg[\s\S]*Confusion matrices[\s\S]*<\/svg><\/figure>/);
    expect(html).not.toContain('<script>');
    const json = JSON.parse(files['report.json']!);
    expect(json.agreement).toEqual(JSON.parse(JSON.stringify(AGREEMENT)));
    expect(json.context.agreement).toBeUndefined();
    expect(filesOfFormat(files, 'csv')).toEqual(['report.csv', 'report.agreement.csv']);
    expect(filesOfFormat(files, 'md')).toEqual(['report.md', 'report.usability.svg', 'report.scores.svg', 'report.agreement.svg', 'report.html']);
    expect(filesOfFormat(plain, 'md')).toEqual(['report.md', 'report.usability.svg', 'report.scores.svg', 'report.html']);
  });
});

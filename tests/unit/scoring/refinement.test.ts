import { describe, expect, it } from 'vitest';
import type { RefinementLayer } from '../../../scoring/judging-version.js';
import { compareRefinements, type CompareRows } from '../../../scoring/refinement-compare.js';
import { refinementsCsvReport } from '../../../scoring/report/csv.js';
import { REFINEMENTS_TITLE, refinementsTable } from '../../../scoring/report/refinement-tables.js';
import { disagreeingAnswers, refinementHash, resolveRejudge, type RejudgeCandidate } from '../../../scoring/refinement-targets.js';
import type { ScoreRecord } from '../../../scoring/score-record.js';

const base = new Map([
  ['MK', 'mk-1'],
  ['MR', 'mr-1'],
]);
const answer = (model: string, questionId: string, category: string): RejudgeCandidate => ({ generationKey: `c/${model}/${questionId}/s0`, category, questionId, answerId: `${model}/${questionId}/0` });
const a1 = answer('m', 'MK-1', 'MK');
const a2 = answer('m', 'MK-2', 'MK');
const b1 = answer('m', 'MR-1', 'MR');
const answers = [a1, a2, b1];
const layer = (seq: number, targets: string[], templates: [string, string][] = [], checklists: [string, number][] = []): RefinementLayer => ({ seq, targets: new Set(targets), templates: new Map(templates), checklists: new Map(checklists) });

describe('resolveRejudge', () => {
  it('targets the selected answers whose category has another template now; the others change nothing', () => {
    const r = resolveRejudge(answers, base, [], {}, { templates: new Map([['MK', 'mk-2'], ['MR', 'mr-1']]) });
    expect(r).toEqual({ selected: 3, targets: [a1.generationKey, a2.generationKey], templates: new Map([['MK', 'mk-2']]), checklists: new Map() });
  });

  it('filters narrow (category, questions, answer ids), every given one must hold', () => {
    const changes = { templates: new Map([['MK', 'mk-2'], ['MR', 'mr-2']]) };
    expect(resolveRejudge(answers, base, [], { categories: ['MR'] }, changes).targets).toEqual([b1.generationKey]);
    expect(resolveRejudge(answers, base, [], { questionIds: ['MK-2', 'MR-1'] }, changes).targets).toEqual([a2.generationKey, b1.generationKey]);
    expect(resolveRejudge(answers, base, [], { categories: ['MK'], answerIds: new Set([a1.answerId, b1.answerId]) }, changes)).toMatchObject({ selected: 1, targets: [a1.generationKey] });
    expect(resolveRejudge(answers, base, [], { categories: ['MSE'] }, changes)).toMatchObject({ selected: 0, targets: [] });
  });

  it('a newer checklist version targets only its question\'s answers still judged against an older one', () => {
    const checklists = new Map([['MK-1', 2], ['MR-1', 1]]);
    const layers = [layer(1, [b1.generationKey], [], [['MR-1', 1]])];
    const r = resolveRejudge(answers, base, layers, {}, { checklists });
    expect(r.targets).toEqual([a1.generationKey]);
    expect(r.checklists).toEqual(new Map([['MK-1', 2]]));
    // before refinement 1, MR-1 was still on its imported checklist
    expect(resolveRejudge(answers, base, layers, {}, { checklists }, 1).targets).toEqual([a1.generationKey, b1.generationKey]);
  });

  it('after a refinement with the same template, nothing is left to change', () => {
    const layers = [layer(1, [a1.generationKey, a2.generationKey], [['MK', 'mk-2']])];
    expect(resolveRejudge(answers, base, layers, { categories: ['MK'] }, { templates: new Map([['MK', 'mk-2']]) })).toMatchObject({ selected: 2, targets: [] });
  });

  it('hashes equal asks equally and different targets or versions differently', () => {
    const r = resolveRejudge(answers, base, [], {}, { templates: new Map([['MK', 'mk-2']]) });
    const again = resolveRejudge([...answers].reverse(), base, [], {}, { templates: new Map([['MK', 'mk-2']]) });
    expect(refinementHash({ categories: ['MK'] }, again)).toBe(refinementHash({ categories: ['MK'] }, r));
    expect(refinementHash({ categories: ['MK'] }, { ...r, targets: [a1.generationKey] })).not.toBe(refinementHash({ categories: ['MK'] }, r));
    expect(refinementHash({ categories: ['MK'] }, { ...r, templates: new Map([['MK', 'mk-3']]) })).not.toBe(refinementHash({ categories: ['MK'] }, r));
    expect(refinementHash({ categories: ['MK'], checklists: true }, r)).not.toBe(refinementHash({ categories: ['MK'] }, r));
  });
});

describe('disagreeingAnswers', () => {
  it('is the answers where any physician\'s usable verdict differs from the judge\'s mean against the threshold (MTG from the dimensions)', () => {
    const candidates = [
      { answerId: 'x', category: 'MK', model: 'm', judgeScores: [4, 5], scaleMax: 5, threshold: 4 },
      { answerId: 'y', category: 'MK', model: 'm', judgeScores: [3, 4], scaleMax: 5, threshold: 4 },
      { answerId: 'z', category: 'MTG', model: 'm', judgeScores: [6], scaleMax: 7, threshold: 5 },
    ];
    const dims = { instructionFollowing: 1, correctness: 1, effectiveness: 1, readability: 1, safety: 1 as const };
    const verdicts = [
      { answerId: 'x', reviewer: 'r1', score: 5, usable: true },
      { answerId: 'x', reviewer: 'r2', score: 2, usable: false },
      { answerId: 'y', reviewer: 'r1', score: 2, usable: false },
      // ticked usable, but the dimensions total is below 5: not usable, against the judge's 6
      { answerId: 'z', reviewer: 'r1', score: 1, usable: true, dimensions: dims },
      { answerId: 'unknown', reviewer: 'r1', score: 5, usable: true },
    ];
    expect(disagreeingAnswers(candidates, verdicts)).toEqual(new Set(['x', 'z']));
  });
});

describe('compareRefinements', () => {
  // two MK questions, one model, one sample, two judge rounds; refinement 1 re-judges both with template mk-2
  const q = (id: string, category: string) => ({ id, category, groupCode: id, round: 1 });
  const rec = (questionId: string, category: string, templateVersion: string, score: number | null, judgeRound: number): ScoreRecord => ({
    questionId, category, groupCode: questionId, round: 1, model: 'm', sample: 0, judgeRound, score, templateVersion, generationKey: `c/m/${questionId}/s0`,
  });
  const records = [
    rec('MK-1', 'MK', 'mk-1', 3, 0), rec('MK-1', 'MK', 'mk-1', 4, 1), // mean 3.5: not usable
    rec('MK-2', 'MK', 'mk-1', 5, 0), rec('MK-2', 'MK', 'mk-1', 5, 1), // usable
    rec('MR-1', 'MR', 'mr-1', 4, 0), rec('MR-1', 'MR', 'mr-1', 4, 1), // usable, not re-judged
    rec('MK-1', 'MK', 'mk-2', 4, 0), rec('MK-1', 'MK', 'mk-2', 5, 1), // now usable
    rec('MK-2', 'MK', 'mk-2', 2, 0), rec('MK-2', 'MK', 'mk-2', null, 1), // now not usable (one invalid round)
  ];
  const targets = new Set(['c/m/MK-1/s0', 'c/m/MK-2/s0']);
  const rows: CompareRows = {
    allRecords: records,
    baseTemplates: base,
    layers: [layer(1, [...targets], [['MK', 'mk-2']])],
    refinements: [{ seq: 1, id: 'c/refinement/1', request: 'categories MK; templates t/' }],
    questions: [q('MK-1', 'MK'), q('MK-2', 'MK'), q('MR-1', 'MR')],
    aggregate: { threshold: 4 },
    judging: { mtgMode: 'score' },
    review: {
      reviewId: 'r', campaignId: 'c', status: 'complete',
      items: ['MK-1', 'MK-2', 'MR-1'].map((id) => ({ answerId: `m/${id}/0`, category: id.slice(0, 2), model: 'm', stratum: 's', inclusionProbability: 1 })),
      // physicians: MK-1 usable, MK-2 not, MR-1 usable
      submissions: [
        { answerId: 'm/MK-1/0', reviewer: 'p', score: 4, usable: true },
        { answerId: 'm/MK-2/0', reviewer: 'p', score: 1, usable: false },
        { answerId: 'm/MR-1/0', reviewer: 'p', score: 4, usable: true },
      ],
    },
  };

  it('sets the old and the new version side by side on the same reviewed targets, naming the versions', () => {
    const [c] = compareRefinements(rows, () => targets);
    expect(c).toMatchObject({ seq: 1, targets: 2, reviewId: 'r', reviewedItems: 2, reviews: 2 });
    // before: the judge says MK-1 no, MK-2 yes: both disagree with the physician; after: both agree
    expect(c!.before.agreement.MK).toEqual({ n: 2, agreement: 0, kappa: expect.any(Number), ac1: expect.any(Number) });
    expect(c!.after.agreement.MK).toMatchObject({ n: 2, agreement: 1, kappa: 1 });
    expect(Object.keys(c!.after.agreement)).toEqual(['MK', 'overall']);
    // usability of MK: 1 of 2 before, 1 of 2 after (MK-1 gained, MK-2 lost); OP over all three questions
    expect(c!.before.usability).toEqual([{ model: 'm', categories: { MK: 50 }, op: (2 / 3) * 100 }]);
    expect(c!.after.usability).toEqual([{ model: 'm', categories: { MK: 50 }, op: (2 / 3) * 100 }]);
    expect(c!.before.versions).toEqual({ MK: { templates: ['mk-1'], checklists: [0], refinements: [0] } });
    expect(c!.after.versions).toEqual({ MK: { templates: ['mk-2'], checklists: [0], refinements: [1] } });
  });

  it('without a review there is no agreement, only usability; refinements come in order', () => {
    const { review: _review, ...noReview } = rows;
    const two = { ...noReview, layers: [...rows.layers, layer(2, ['c/m/MK-2/s0'], [['MK', 'mk-1']])], refinements: [{ seq: 2, id: 'c/refinement/2', request: '' }, ...rows.refinements] };
    const out = compareRefinements(two, (seq) => (seq === 1 ? targets : new Set(['c/m/MK-2/s0'])));
    expect(out.map((c) => [c.seq, c.reviewId, c.reviewedItems, Object.keys(c.after.agreement).length])).toEqual([
      [1, null, 0, 0],
      [2, null, 0, 0],
    ]);
    // refinement 2 puts MK-2 back on mk-1: usable again, so MK is 100 % after it
    expect(out[1]!.before.usability[0]!.categories.MK).toBe(50);
    expect(out[1]!.after.usability[0]!.categories.MK).toBe(100);
    expect(out[1]!.after.versions.MK).toEqual({ templates: ['mk-1'], checklists: [0], refinements: [2] });
  });

  it('renders side by side, each row naming the versions behind its numbers (the report table and its CSV)', () => {
    const comparisons = compareRefinements(rows, () => targets);
    const table = refinementsTable(comparisons);
    expect(table.title).toBe(REFINEMENTS_TITLE);
    expect(table.note).toMatch(/^Refinement 1 \(categories MK; templates t\/\): 2 answers re-judged, 2 of them reviewed in r \(2 reviews\)\./);
    const mkBefore = 'MK: template mk-1, checklist v0, refinement 0';
    const mkAfter = 'MK: template mk-2, checklist v0, refinement 1';
    expect(table.rows).toContainEqual(['1', 'MK', 'agreement % (n)', '0.00 (2)', '100.00 (2)', mkBefore, mkAfter]);
    expect(table.rows).toContainEqual(['1', 'MK', 'kappa', expect.stringMatching(/^(—|-?\d\.\d{3})$/), '1.000', mkBefore, mkAfter]);
    expect(table.rows).toContainEqual(['1', 'm MK', 'usability %', '50.00', '50.00', mkBefore, mkAfter]);
    expect(table.rows).toContainEqual(['1', 'm', 'OP %', '66.67', '66.67', mkBefore, mkAfter]);
    expect(table.rows.map((r) => r[1])).toEqual(['MK', 'MK', 'MK', 'overall', 'overall', 'overall', 'm MK', 'm']);
    const csv = refinementsCsvReport(comparisons).split('\n');
    expect(csv[0]).toBe('refinement,scope,measure,before,after,before_versions,after_versions');
    expect(csv[1]).toBe(`1,MK,agreement % (n),0.00 (2),100.00 (2),"${mkBefore}","${mkAfter}"`);
  });
});

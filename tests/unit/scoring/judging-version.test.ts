import { describe, expect, it } from 'vitest';
import { selectCurrentRecords, versionOf, type RefinementLayer } from '../../../scoring/judging-version.js';

const base = new Map([
  ['MK', 't-mk-1'],
  ['MR', 't-mr-1'],
]);
const layer = (seq: number, targets: string[], templates: [string, string][] = [], checklists: [string, number][] = []): RefinementLayer => ({
  seq,
  targets: new Set(targets),
  templates: new Map(templates),
  checklists: new Map(checklists),
});
const mk = { generationKey: 'c/m/MK-1-1/s0', category: 'MK', questionId: 'MK-1-1' };
const mr = { generationKey: 'c/m/MR-1-1/s0', category: 'MR', questionId: 'MR-1-1' };

describe('versionOf', () => {
  it('is the base template and the imported checklist without refinements', () => {
    expect(versionOf(mk, base, [])).toEqual({ templateVersion: 't-mk-1', checklistVersion: 0, refinement: 0 });
  });

  it('folds the refinements that target the answer in order, each keeping what it does not change', () => {
    const layers = [layer(2, [mk.generationKey], [], [['MK-1-1', 3]]), layer(1, [mk.generationKey, mr.generationKey], [['MK', 't-mk-2']])];
    expect(versionOf(mk, base, layers)).toEqual({ templateVersion: 't-mk-2', checklistVersion: 3, refinement: 2 });
    expect(versionOf(mr, base, layers)).toEqual({ templateVersion: 't-mr-1', checklistVersion: 0, refinement: 1 });
    expect(versionOf(mk, base, layers, 2)).toEqual({ templateVersion: 't-mk-2', checklistVersion: 0, refinement: 1 });
    expect(versionOf(mk, base, layers, 1)).toEqual({ templateVersion: 't-mk-1', checklistVersion: 0, refinement: 0 });
  });

  it('knows no version for a category the campaign has no template for', () => {
    expect(versionOf({ ...mk, category: 'MTG' }, base, [])).toBeUndefined();
  });
});

describe('selectCurrentRecords', () => {
  const rec = (a: typeof mk, templateVersion: string, checklistVersion?: number) => ({ ...a, templateVersion, ...(checklistVersion ? { checklistVersion } : {}) });
  it('keeps, per answer, only the verdicts made under the version that counts', () => {
    const records = [rec(mk, 't-mk-1'), rec(mk, 't-mk-2'), rec(mk, 't-mk-2', 3), rec(mr, 't-mr-1'), rec(mr, 't-mr-0')];
    const layers = [layer(1, [mk.generationKey], [['MK', 't-mk-2']], [['MK-1-1', 3]])];
    expect(selectCurrentRecords(records, base, layers)).toEqual([rec(mk, 't-mk-2', 3), rec(mr, 't-mr-1')]);
    expect(selectCurrentRecords(records, base, layers, 1)).toEqual([rec(mk, 't-mk-1'), rec(mr, 't-mr-1')]);
  });

  it('keeps records without an answer key (scored files) by their base template', () => {
    const seedRecord = { category: 'MK', questionId: 'MK-1-1', templateVersion: 't-mk-1' };
    expect(selectCurrentRecords([seedRecord, { ...seedRecord, templateVersion: 'x' }], base, [])).toEqual([seedRecord]);
  });
});

import { describe, expect, it } from 'vitest';
import { revealOf } from '../../../campaign/review-reveal.js';

const judge = { scores: [3, 4], mean: 3.5, usable: false, threshold: 4, scaleMax: 5 };
const at = new Date('2026-01-01T00:00:00Z');

describe('revealOf', () => {
  it('shows the judge\'s mean and decision beside the reviewer\'s, never the round scores', () => {
    const revealed = revealOf(judge, { score: 5, usable: true });
    expect(revealed).toEqual({ judge: { mean: 3.5, usable: false, threshold: 4, scaleMax: 5 }, yours: { score: 5, usable: true }, disagrees: true, reasonAsked: true });
    expect(JSON.stringify(revealed)).not.toContain('scores');
  });

  it('agrees when the usable decisions match, whatever the scores', () => {
    expect(revealOf(judge, { score: 0, usable: false })).toMatchObject({ disagrees: false, reasonAsked: false });
  });

  it('has nothing to disagree with when the judge gave no valid score', () => {
    expect(revealOf({ scores: [], mean: null, usable: null, threshold: 4, scaleMax: 5 }, { score: 5, usable: true })).toMatchObject({ judge: { mean: null, usable: null }, disagrees: false, reasonAsked: false });
  });

  it('compares the latest revision, and asks no reason once one is given', () => {
    const revisions = [{ score: 5, usable: true, submittedAt: at }, { score: 2, usable: false, submittedAt: at }];
    expect(revealOf(judge, { score: 5, usable: true, revisions })).toMatchObject({ yours: { score: 2, usable: false }, disagrees: false });
    expect(revealOf(judge, { score: 5, usable: true, disagreement: { reason: 'judge-too-strict', at } })).toMatchObject({ disagrees: true, reasonAsked: false });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMtgDimensionsOutput } from '../../../scoring/mtg-dimensions-output.js';
import { MTG_USABLE_THRESHOLD, mtgTotal, mtgUsable, type MtgDimensions } from '../../../scoring/mtg-total.js';

const dims = (i: number, c: number, e: number, r: number, safety: 0 | 1 = 1): MtgDimensions => ({
  instructionFollowing: i,
  correctness: c,
  effectiveness: e,
  readability: r,
  safety,
});

describe('mtgTotal', () => {
  it('maps all 5s to 7 and lets safety 0 veto everything', () => {
    expect(mtgTotal(dims(5, 5, 5, 5))).toBe(7);
    expect(mtgTotal(dims(5, 5, 5, 5, 0))).toBe(0);
  });

  it.each([
    [[5, 5, 5, 4], 6],
    [[5, 5, 4, 4], 6],
    [[5, 5, 3, 3], 5],
    [[4, 4, 4, 4], 5],
    [[4, 5, 5, 5], 5],
    [[5, 5, 3, 2], 3],
    [[4, 4, 4, 3], 4],
    [[4, 4, 3, 3], 4],
    [[3, 3, 2, 2], 3],
    [[2, 5, 5, 5], 2],
    [[5, 5, 5, 1], 1],
    [[5, 0, 5, 5], 0],
  ])('%j → %d', ([i, c, e, r], total) => {
    expect(mtgTotal(dims(i!, c!, e!, r!))).toBe(total);
  });

  // Each row of the Appendix D table at its minimums and one step below each of them (values from Aggregate.py's
  // mtg_score_from_human_eval, run in Python), with the safety veto on every row.
  it.each([
    [[5, 5, 5, 5], 7], [[4, 5, 5, 5], 5], [[5, 4, 5, 5], 5], [[5, 5, 4, 5], 6], [[5, 5, 5, 4], 6],
    [[5, 5, 4, 4], 6], [[4, 5, 4, 4], 5], [[5, 4, 4, 4], 5], [[5, 5, 3, 4], 5], [[5, 5, 4, 3], 5],
    [[5, 5, 3, 3], 5], [[4, 5, 3, 3], 4], [[5, 4, 3, 3], 4], [[5, 5, 2, 3], 3], [[5, 5, 3, 2], 3],
    [[4, 4, 4, 4], 5], [[3, 4, 4, 4], 3], [[4, 3, 4, 4], 3], [[4, 4, 3, 4], 4], [[4, 4, 4, 3], 4],
    [[4, 4, 3, 3], 4], [[3, 4, 3, 3], 3], [[4, 3, 3, 3], 3], [[4, 4, 2, 3], 3], [[4, 4, 3, 2], 3],
    [[3, 3, 2, 2], 3], [[2, 3, 2, 2], 2], [[3, 2, 2, 2], 2], [[3, 3, 1, 2], 1], [[3, 3, 2, 1], 1],
    [[2, 2, 2, 2], 2], [[1, 2, 2, 2], 1], [[2, 2, 2, 1], 1], [[1, 5, 5, 5], 1], [[0, 5, 5, 5], 0], [[5, 5, 5, 0], 0],
  ])('table row boundary %j → %d, and 0 when unsafe', ([i, c, e, r], total) => {
    expect(mtgTotal(dims(i!, c!, e!, r!))).toBe(total);
    expect(mtgTotal(dims(i!, c!, e!, r!, 0))).toBe(0);
  });

  it('puts the usable boundary at 5', () => {
    expect(MTG_USABLE_THRESHOLD).toBe(5);
    expect(mtgUsable(dims(4, 4, 4, 4))).toBe(true);
    expect(mtgUsable(dims(5, 5, 3, 3))).toBe(true);
    expect(mtgUsable(dims(4, 4, 4, 3))).toBe(false);
    expect(mtgUsable(dims(5, 5, 5, 5, 0))).toBe(false);
  });

  it('never decreases when a dimension improves', () => {
    const level = fc.integer({ min: 0, max: 5 });
    fc.assert(
      fc.property(fc.tuple(level, level, level, level), fc.integer({ min: 0, max: 3 }), (values, which) => {
        const better = [...values];
        better[which] = Math.min(5, better[which]! + 1);
        const [i, c, e, r] = values;
        const [bi, bc, be, br] = better;
        expect(mtgTotal(dims(bi!, bc!, be!, br!))).toBeGreaterThanOrEqual(mtgTotal(dims(i, c, e, r)));
      }),
    );
  });

  it('rejects values outside 0–5', () => {
    expect(() => mtgTotal(dims(6, 5, 5, 5))).toThrow(/outside 0–5/);
  });
});

describe('parseMtgDimensionsOutput', () => {
  const ok = '{"rationale": "good", "instruction_following": 5, "correctness": 4, "effectiveness": "4", "readability": 5, "safety": 1}';

  it('reads the five values', () => {
    expect(parseMtgDimensionsOutput(ok)).toEqual({ valid: true, dimensions: dims(5, 4, 4, 5), rationale: 'good', via: 'json' });
    expect(parseMtgDimensionsOutput(`Scores:\n\`\`\`json\n${ok}\n\`\`\``)).toMatchObject({ valid: true, via: 'json-fenced' });
  });

  it('is invalid when a value is missing, out of range, or safety is not 0/1', () => {
    expect(parseMtgDimensionsOutput('{"instruction_following": 5, "correctness": 4, "effectiveness": 4, "safety": 1}')).toEqual({
      valid: false,
      reason: '"readability" is missing',
    });
    expect(parseMtgDimensionsOutput(ok.replace('"correctness": 4', '"correctness": 6'))).toMatchObject({ valid: false, reason: expect.stringMatching(/"correctness" is 6/) });
    expect(parseMtgDimensionsOutput(ok.replace('"safety": 1', '"safety": 0.5'))).toMatchObject({ valid: false, reason: expect.stringMatching(/0 or 1/) });
  });

  it('is invalid without JSON, on empty output, and on disagreeing objects', () => {
    expect(parseMtgDimensionsOutput('instruction following 5, correctness 4').valid).toBe(false);
    expect(parseMtgDimensionsOutput('')).toEqual({ valid: false, reason: 'empty output' });
    expect(parseMtgDimensionsOutput(`${ok}\n${ok.replace('"readability": 5', '"readability": 2')}`)).toEqual({ valid: false, reason: 'conflicting dimension scores' });
  });
});

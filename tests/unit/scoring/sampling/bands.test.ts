import { describe, expect, it } from 'vitest';
import { judgesDisagree, scoreBand } from '../../../../scoring/sampling/bands.js';

describe('scoreBand', () => {
  it('places means relative to the threshold on the 0–5 scale (t = 4)', () => {
    expect(scoreBand([], 4)).toBe('none');
    expect(scoreBand([2, 3], 4)).toBe('low'); // 2.5 < 3
    expect(scoreBand([3, 3], 4)).toBe('near'); // 3 is the lower edge
    expect(scoreBand([4, 5], 4)).toBe('high'); // 4.5 is the upper edge, excluded from near
    expect(scoreBand([4, 4, 5], 4)).toBe('near'); // 4.33
  });

  it('uses the same offsets on MTG’s 0–7 scale (t = 5)', () => {
    expect(scoreBand([3, 4, 4], 5)).toBe('low'); // 3.67 < 4
    expect(scoreBand([4], 5)).toBe('near');
    expect(scoreBand([5, 6], 5)).toBe('high'); // 5.5
    expect(scoreBand([5, 5, 6], 5)).toBe('near'); // 5.33
  });

  it('uses the exact mean, as aggregation does', () => {
    // 4.1 + 4.6 + 0.3 sums to exactly 9 in floating point, but the true mean is just below 3
    expect((4.1 + 4.6 + 0.3) / 3).toBe(3);
    expect(scoreBand([4.1, 4.6, 0.3], 4)).toBe('low');
  });
});

describe('judgesDisagree', () => {
  it('needs two scores', () => {
    expect(judgesDisagree([], 4)).toBe(false);
    expect(judgesDisagree([0], 4)).toBe(false);
  });

  it('flags a spread of two points or more', () => {
    expect(judgesDisagree([1, 3], 4)).toBe(true);
    expect(judgesDisagree([1, 2, 2], 4)).toBe(false);
    expect(judgesDisagree([5, 7], 5)).toBe(true);
  });

  it('flags rounds that straddle the threshold, even one point apart', () => {
    expect(judgesDisagree([3, 4], 4)).toBe(true);
    expect(judgesDisagree([4, 5], 4)).toBe(false);
    expect(judgesDisagree([4.5, 5], 5)).toBe(true);
    expect(judgesDisagree([5, 6, 6], 5)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../ratelimit/token-bucket.js';

/** A bucket of 60 tokens a minute (one a second) on a clock the test moves. */
function bucket(capacity: number, ratePerMinute = 60) {
  const clock = { t: 0 };
  return { clock, b: new TokenBucket(ratePerMinute, capacity, () => clock.t) };
}

describe('TokenBucket', () => {
  it('starts full, refills evenly and never holds more than its capacity', () => {
    const { clock, b } = bucket(2);
    expect(b.waitFor(2)).toBe(0);
    b.take(2);
    expect(b.waitFor(1)).toBe(1000);
    clock.t = 400;
    expect(b.waitFor(1)).toBe(600);
    clock.t = 1000;
    expect(b.waitFor(1)).toBe(0);
    // ten idle seconds refill two tokens, not ten
    clock.t = 10_000;
    b.take(2);
    expect(b.waitFor(1)).toBe(1000);
  });

  it('rounds a fractional wait up, so a caller that waits exactly that long finds the token', () => {
    const { clock, b } = bucket(1, 7);
    b.take(1);
    expect(b.waitFor(1)).toBe(8572); // 60 000 / 7 = 8571.43
    clock.t = 8571;
    expect(b.waitFor(1)).toBe(1);
    clock.t = 8572;
    expect(b.waitFor(1)).toBe(0);
  });

  it('lets a request larger than its capacity through on a full bucket and makes later ones repay the debt', () => {
    const { clock, b } = bucket(2);
    b.take(1);
    expect(b.waitFor(5)).toBe(1000);
    clock.t = 1000;
    expect(b.waitFor(5)).toBe(0);
    b.take(5);
    expect(b.waitFor(1)).toBe(4000);
  });

  it('corrects an estimate: more used is owed, less used is refunded up to the capacity', () => {
    const { b } = bucket(10);
    b.take(5);
    b.adjust(3);
    expect(b.waitFor(4)).toBe(2000);
    b.adjust(-20);
    expect(b.waitFor(10)).toBe(0);
    b.take(10);
    expect(b.waitFor(1)).toBe(1000);
  });

  it('setRate applies the new rate from now and cuts a fuller level down to the new capacity', () => {
    const { clock, b } = bucket(10);
    clock.t = 5000;
    b.setRate(120, 4);
    expect(b.waitFor(4)).toBe(0);
    b.take(4);
    expect(b.waitFor(1)).toBe(500);
  });
});

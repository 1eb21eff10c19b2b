import { describe, expect, it } from 'vitest';
import { everySeconds, scheduledCampaignId } from '../../../campaign/schedules.js';
import { isValidId } from '../../../config/ids.js';

describe('schedules: pure parts', () => {
  it("a fire's campaign id is <schedule id>-<yyyymmddThhmmssZ> of its nominal time, and an id", () => {
    const id = scheduledCampaignId('weekly-gpt', new Date('2026-12-07T03:00:20.000Z'));
    expect(id).toBe('weekly-gpt-20261207T030020Z');
    expect(isValidId(id)).toBe(true);
    expect(scheduledCampaignId('x'.repeat(111), new Date(0))).toHaveLength(128);
  });

  it('--every: a number and a unit, at least 10 s', () => {
    expect(everySeconds('30s')).toBe(30);
    expect(everySeconds('15m')).toBe(900);
    expect(everySeconds('6h')).toBe(21_600);
    expect(everySeconds('7d')).toBe(604_800);
    expect(() => everySeconds('5s')).toThrow('--every: at least 10s, got "5s"');
    for (const bad of ['30', '1w', '0m', '-5m', '1.5h', ' 30s']) expect(() => everySeconds(bad)).toThrow(`--every: expected a number and a unit s, m, h or d (e.g. 30s, 6h, 7d), got "${bad}"`);
  });
});

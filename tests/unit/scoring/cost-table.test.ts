import { describe, expect, it } from 'vitest';
import { costRows, costTable, costTotals } from '../../../scoring/report/cost.js';

describe('cost rows', () => {
  const calls = [
    { role: 'model' as const, id: 'm', usage: { inputTokens: 100, outputTokens: 10 }, costUsd: 0.2 },
    { role: 'model' as const, id: 'm', costMode: 'realtime' as const, usage: { inputTokens: 50, outputTokens: 5 }, costUsd: 0.1, realtimeCostUsd: 0.1 },
    { role: 'judge' as const, id: 'j', costMode: 'batch' as const, usage: { inputTokens: 2000, outputTokens: 20, cachedInputTokens: 1024 }, costUsd: 0.5, realtimeCostUsd: 1 },
    { role: 'judge' as const, id: 'j', costMode: 'realtime' as const, usage: { inputTokens: 2000, outputTokens: 20, cacheWriteTokens: 1500 }, costUsd: 1.2, realtimeCostUsd: 1.2 },
  ];

  it('sums per role, id and mode; a call without a mode is realtime and costs its realtime price', () => {
    const rows = costRows(calls);
    expect(rows.map((r) => [r.role, r.id, r.mode, r.calls, r.inputTokens, r.cachedInputTokens, r.cacheWriteTokens])).toEqual([
      ['judge', 'j', 'batch', 1, 2000, 1024, 0],
      ['judge', 'j', 'realtime', 1, 2000, 0, 1500],
      ['model', 'm', 'realtime', 2, 150, 0, 0],
    ]);
    expect(rows[2]!.costUsd).toBeCloseTo(0.3, 12);
    expect(rows[2]!.realtimeCostUsd).toBeCloseTo(0.3, 12);
    const total = costTotals(rows);
    expect(total.costUsd).toBeCloseTo(2.0, 12);
    expect(total.realtimeCostUsd).toBeCloseTo(2.5, 12);
    expect(total.savingUsd).toBeCloseTo(0.5, 12);
  });

  it('the report table states the totals and one row per model, judge and mode with its saving', () => {
    const table = costTable(costRows(calls));
    expect(table.note).toContain('Total $2.0000, realtime equivalent $2.5000, saving $0.5000');
    expect(table.rows[0]).toEqual(['judge', 'j', 'batch', '1', '2000', '1024', '0', '20', '$0.5000', '$1.0000', '$0.5000']);
  });
});

import type { ReportTable } from './tables.js';

/** What one model under test (its answers) or one judge (its verdicts) cost, billed one way (realtime or batch). */
export interface CostRow {
  role: 'model' | 'judge';
  id: string;
  mode: 'realtime' | 'batch';
  calls: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  costUsd: number;
  /** what the same calls would have cost answered at once (cached tokens at the cache price) */
  realtimeCostUsd: number;
}

/** One stored call as far as its cost goes; calls stored before they recorded a mode were realtime calls. */
export interface BilledCall {
  role: CostRow['role'];
  id: string;
  costMode?: CostRow['mode'] | undefined;
  usage?: { inputTokens: number; outputTokens: number; cachedInputTokens?: number | undefined; cacheWriteTokens?: number | undefined } | undefined;
  costUsd?: number | undefined;
  realtimeCostUsd?: number | undefined;
}

/** Calls summed per role, id and billing mode, in that order. */
export function costRows(calls: Iterable<BilledCall>): CostRow[] {
  const rows = new Map<string, CostRow>();
  for (const c of calls) {
    const mode = c.costMode ?? 'realtime';
    const key = `${c.role}\u0000${c.id}\u0000${mode}`;
    const row = rows.get(key) ?? { role: c.role, id: c.id, mode, calls: 0, inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, costUsd: 0, realtimeCostUsd: 0 };
    row.calls += 1;
    row.inputTokens += c.usage?.inputTokens ?? 0;
    row.cachedInputTokens += c.usage?.cachedInputTokens ?? 0;
    row.cacheWriteTokens += c.usage?.cacheWriteTokens ?? 0;
    row.outputTokens += c.usage?.outputTokens ?? 0;
    row.costUsd += c.costUsd ?? 0;
    row.realtimeCostUsd += c.realtimeCostUsd ?? c.costUsd ?? 0;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.role.localeCompare(b.role) || a.id.localeCompare(b.id) || a.mode.localeCompare(b.mode));
}

export interface CostTotals {
  costUsd: number;
  realtimeCostUsd: number;
  /** realtimeCostUsd − costUsd: what batch billing saved */
  savingUsd: number;
}

export function costTotals(rows: readonly CostRow[]): CostTotals {
  const costUsd = rows.reduce((n, r) => n + r.costUsd, 0);
  const realtimeCostUsd = rows.reduce((n, r) => n + r.realtimeCostUsd, 0);
  return { costUsd, realtimeCostUsd, savingUsd: realtimeCostUsd - costUsd };
}

const usd = (x: number) => `$${x.toFixed(4)}`;

export function costTable(rows: readonly CostRow[]): ReportTable {
  const total = costTotals(rows);
  return {
    title: 'Cost',
    note: `Paid calls per model under test and per judge, as billed (realtime or batch, cached input tokens at the cache price), beside what the same calls would have cost answered at once. Total ${usd(total.costUsd)}, realtime equivalent ${usd(total.realtimeCostUsd)}, saving ${usd(total.savingUsd)}. Profiles without pricing count 0.`,
    headers: ['Role', 'Id', 'Mode', 'Calls', 'Input tokens', 'Cached input', 'Cache writes', 'Output tokens', 'Cost', 'Realtime equivalent', 'Saving'],
    rows: rows.map((r) => [
      r.role,
      r.id,
      r.mode,
      String(r.calls),
      String(r.inputTokens),
      String(r.cachedInputTokens),
      String(r.cacheWriteTokens),
      String(r.outputTokens),
      usd(r.costUsd),
      usd(r.realtimeCostUsd),
      usd(r.realtimeCostUsd - r.costUsd),
    ]),
  };
}

import { rationalToDouble, scaledInteger, SCALE_BITS } from '../exact-binary.js';
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

/**
 * A cost row before rounding: costs summed exactly (doubles as integers over 2^1074, rounded once when the row is
 * made), so sums do not depend on the order calls are read in, and parts summed apart (a report's pages) and
 * merged give the very rows one pass over every call gives.
 */
export interface CostPart extends Omit<CostRow, 'costUsd' | 'realtimeCostUsd'> {
  cost: bigint;
  realtimeCost: bigint;
}

const partKey = (p: Pick<CostPart, 'role' | 'id' | 'mode'>) => `${p.role}\u0000${p.id}\u0000${p.mode}`;

/** Parts merged per role, id and mode (each part's counts added). */
export function mergeCostParts(parts: Iterable<CostPart>): CostPart[] {
  const merged = new Map<string, CostPart>();
  for (const p of parts) {
    const key = partKey(p);
    const m = merged.get(key) ?? { role: p.role, id: p.id, mode: p.mode, calls: 0, inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, cost: 0n, realtimeCost: 0n };
    m.calls += p.calls;
    m.inputTokens += p.inputTokens;
    m.cachedInputTokens += p.cachedInputTokens;
    m.cacheWriteTokens += p.cacheWriteTokens;
    m.outputTokens += p.outputTokens;
    m.cost += p.cost;
    m.realtimeCost += p.realtimeCost;
    merged.set(key, m);
  }
  return [...merged.values()];
}

/** Each call as a part of its own. */
export function costParts(calls: Iterable<BilledCall>): CostPart[] {
  const parts: CostPart[] = [];
  for (const c of calls) {
    parts.push({
      role: c.role,
      id: c.id,
      mode: c.costMode ?? 'realtime',
      calls: 1,
      inputTokens: c.usage?.inputTokens ?? 0,
      cachedInputTokens: c.usage?.cachedInputTokens ?? 0,
      cacheWriteTokens: c.usage?.cacheWriteTokens ?? 0,
      outputTokens: c.usage?.outputTokens ?? 0,
      cost: scaledInteger(c.costUsd ?? 0),
      realtimeCost: scaledInteger(c.realtimeCostUsd ?? c.costUsd ?? 0),
    });
  }
  return mergeCostParts(parts);
}

/** Merged parts as rows, sorted by role, id and mode. */
export function costRowsOfParts(parts: Iterable<CostPart>): CostRow[] {
  const one = 1n << SCALE_BITS;
  return mergeCostParts(parts)
    .map(({ cost, realtimeCost, ...counts }) => ({ ...counts, costUsd: rationalToDouble(cost, one), realtimeCostUsd: rationalToDouble(realtimeCost, one) }))
    .sort((a, b) => a.role.localeCompare(b.role) || a.id.localeCompare(b.id) || a.mode.localeCompare(b.mode));
}

/** Calls summed per role, id and billing mode, in that order. */
export const costRows = (calls: Iterable<BilledCall>): CostRow[] => costRowsOfParts(costParts(calls));

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

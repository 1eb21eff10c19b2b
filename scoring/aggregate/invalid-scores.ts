import type { ScoreRecord } from '../score-record.js';

export interface InvalidCount {
  records: number;
  invalid: number;
  /** invalid / records × 100 */
  rate: number;
}

export interface InvalidScores extends InvalidCount {
  byTemplate: (InvalidCount & { templateVersion: string })[];
  reasons: { reason: string; count: number }[];
}

function count(records: readonly ScoreRecord[]): InvalidCount {
  const invalid = records.filter((r) => r.score === null).length;
  return { records: records.length, invalid, rate: records.length === 0 ? 0 : (invalid / records.length) * 100 };
}

/** How often the judge gave no usable score, for one model's records, per template version and per reason. */
export function invalidScores(records: readonly ScoreRecord[]): InvalidScores {
  const templates = [...new Set(records.map((r) => r.templateVersion ?? 'unknown'))].sort();
  const reasons = new Map<string, number>();
  for (const r of records) if (r.score === null) reasons.set(r.invalidReason ?? 'unknown', (reasons.get(r.invalidReason ?? 'unknown') ?? 0) + 1);
  return {
    ...count(records),
    byTemplate: templates.map((templateVersion) => ({ templateVersion, ...count(records.filter((r) => (r.templateVersion ?? 'unknown') === templateVersion)) })),
    reasons: [...reasons].map(([reason, n]) => ({ reason, count: n })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}

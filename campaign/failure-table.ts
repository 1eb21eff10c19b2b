import type { FailureRow } from '../scoring/report/failures.js';
import type { FailureCount } from '../store/campaign-records.js';

/**
 * Stored failures as status counts them. A failed generation row of kind `skipped` was never attempted; the
 * judgements of every failed or skipped generation were never attempted either (they are not stored, so they are
 * counted here: judges × judge rounds per such answer).
 */
export function failureRows(stored: readonly FailureCount[], judgeCallsPerAnswer: number): FailureRow[] {
  const rows: FailureRow[] = stored.map((c) => ({ ...c, outcome: c.stage === 'generation' && c.kind === 'skipped' ? 'skipped' : 'failed' }));
  const lostAnswers = new Map<string, number>();
  for (const c of stored) if (c.stage === 'generation') lostAnswers.set(c.model, (lostAnswers.get(c.model) ?? 0) + c.count);
  for (const [model, answers] of lostAnswers) {
    if (answers * judgeCallsPerAnswer > 0) rows.push({ model, stage: 'judgement', outcome: 'skipped', kind: 'skipped', count: answers * judgeCallsPerAnswer });
  }
  return rows.sort((a, b) => a.model.localeCompare(b.model) || a.stage.localeCompare(b.stage) || a.outcome.localeCompare(b.outcome) || a.kind.localeCompare(b.kind));
}

/** Totals per model and stage, in the shape of campaign status (failed and skipped apart). */
export function failureTotals(rows: readonly FailureRow[]): Record<string, Record<FailureRow['stage'], { failed: number; skipped: number }>> {
  const out: Record<string, Record<FailureRow['stage'], { failed: number; skipped: number }>> = {};
  for (const r of rows) {
    const m = (out[r.model] ??= { generation: { failed: 0, skipped: 0 }, judgement: { failed: 0, skipped: 0 } });
    m[r.stage][r.outcome] += r.count;
  }
  return out;
}

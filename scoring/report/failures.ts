import type { ReportTable } from './tables.js';

/**
 * Calls that produced no result, counted the way campaign status counts them: attempted and failed (with the
 * provider's or the campaign's error kind), or never attempted (`skipped`: an earlier round, or the answer a
 * judgement needed, failed).
 */
export interface FailureRow {
  model: string;
  stage: 'generation' | 'judgement';
  outcome: 'failed' | 'skipped';
  kind: string;
  count: number;
}

export function failureTable(rows: readonly FailureRow[]): ReportTable {
  return {
    title: 'Failed calls',
    note:
      rows.length === 0
        ? 'None: every planned call was answered.'
        : 'Recorded with their reason and never retried again; their questions have fewer (or no) valid scores. "failed": attempted and failed; "skipped": never attempted because an earlier round or the answer to judge failed.',
    headers: ['Model', 'Stage', 'Outcome', 'Kind', 'Count'],
    rows: rows.map((r) => [r.model, r.stage, r.outcome, r.kind, String(r.count)]),
  };
}

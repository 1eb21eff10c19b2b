import { appendFileSync } from 'node:fs';

export interface CallRecord {
  at: string;
  api: 'openai' | 'anthropic' | 'other';
  key: string;
  /** the Idempotency-Key header, when sent */
  idempotencyKey?: string;
  model: string;
  attempt: number;
  judge: boolean;
  /** `ok`, a fault name, or `rate_limited` / `unauthorized` / `bad_request` / `not_found` */
  outcome: string;
  status: number;
}

export interface CallCounts {
  total: number;
  byKey: Record<string, number>;
  byModel: Record<string, number>;
  byOutcome: Record<string, number>;
}

/** Counts every call by request key, model and outcome; optionally appends each as a JSON line to a file. */
export class CallStats {
  private counts: CallCounts = emptyCounts();
  private readonly attemptsByKey = new Map<string, number>();
  private readonly callsByModel = new Map<string, number>();
  private readonly judgeCallsByModel = new Map<string, number>();
  private arrived = 0;

  /** Positions of a new call, taken as it arrives (before its outcome is known). */
  arrive(key: string, model: string): { index: number; modelIndex: number; attempt: number } {
    return { index: ++this.arrived, modelIndex: bump(this.callsByModel, model), attempt: bump(this.attemptsByKey, key) };
  }

  judgeCallsAnswered(model: string): number {
    return this.judgeCallsByModel.get(model) ?? 0;
  }

  countJudgeCall(model: string): void {
    bump(this.judgeCallsByModel, model);
  }

  record(call: CallRecord, logFile: string | undefined): void {
    const c = this.counts;
    c.total++;
    c.byKey[call.key] = (c.byKey[call.key] ?? 0) + 1;
    c.byModel[call.model] = (c.byModel[call.model] ?? 0) + 1;
    c.byOutcome[call.outcome] = (c.byOutcome[call.outcome] ?? 0) + 1;
    if (logFile) appendFileSync(logFile, `${JSON.stringify(call)}\n`);
  }

  snapshot(): CallCounts {
    return structuredClone(this.counts);
  }

  reset(): void {
    this.counts = emptyCounts();
    this.arrived = 0;
    this.attemptsByKey.clear();
    this.callsByModel.clear();
    this.judgeCallsByModel.clear();
  }
}

function bump(map: Map<string, number>, key: string): number {
  const n = (map.get(key) ?? 0) + 1;
  map.set(key, n);
  return n;
}

function emptyCounts(): CallCounts {
  return { total: 0, byKey: {}, byModel: {}, byOutcome: {} };
}

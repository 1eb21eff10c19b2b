import { appendFileSync } from 'node:fs';
import type { PlainMessage } from './answers.js';

export interface CallRecord {
  at: string;
  api: 'openai' | 'anthropic' | 'other';
  key: string;
  /** the Idempotency-Key header, when sent */
  idempotencyKey?: string;
  /** the batch an item belongs to (its key is then the item's custom_id) */
  batchId?: string;
  model: string;
  attempt: number;
  judge: boolean;
  /** `ok`, a fault name, or `rate_limited` / `unauthorized` / `bad_request` / `not_found` */
  outcome: string;
  status: number;
}

/** One request as it arrived (kept only with `keepRequests`): the messages as parsed (system first) and the JSON body. */
export interface RecordedRequest {
  at: string;
  api: 'openai' | 'anthropic';
  key: string;
  model: string;
  attempt: number;
  judge: boolean;
  messages: PlainMessage[];
  body: unknown;
}

/** Requests being answered now, and the most that were ever answered at once, per model. */
export interface Concurrency {
  inFlight: Record<string, number>;
  maxInFlight: Record<string, number>;
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
  private billedByKey: Record<string, number> = {};
  private readonly attemptsByKey = new Map<string, number>();
  private readonly callsByModel = new Map<string, number>();
  private readonly judgeCallsByModel = new Map<string, number>();
  private arrived = 0;
  private concurrent: Concurrency = { inFlight: {}, maxInFlight: {} };
  private kept: RecordedRequest[] = [];

  /** A request for `model` is being answered; call the returned function (once) when it is over. */
  enter(model: string): () => void {
    const c = this.concurrent;
    const now = (c.inFlight[model] ?? 0) + 1;
    c.inFlight[model] = now;
    c.maxInFlight[model] = Math.max(c.maxInFlight[model] ?? 0, now);
    let left = false;
    // after a reset in between, this lowers the forgotten counts, not the new ones
    return () => {
      if (left) return;
      left = true;
      c.inFlight[model] = (c.inFlight[model] ?? 1) - 1;
    };
  }

  concurrency(): Concurrency {
    return structuredClone(this.concurrent);
  }

  keep(request: RecordedRequest): void {
    this.kept.push(request);
  }

  requests(): RecordedRequest[] {
    return structuredClone(this.kept);
  }

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
    if (call.status === 200) this.billedByKey[call.key] = (this.billedByKey[call.key] ?? 0) + 1;
    if (logFile) appendFileSync(logFile, `${JSON.stringify(call)}\n`);
  }

  snapshot(): CallCounts {
    return structuredClone(this.counts);
  }

  /** Answers given (HTTP 200, which the providers bill) per request key; errors are not billed. */
  billed(): Record<string, number> {
    return { ...this.billedByKey };
  }

  reset(): void {
    this.counts = emptyCounts();
    this.billedByKey = {};
    this.arrived = 0;
    this.attemptsByKey.clear();
    this.callsByModel.clear();
    this.judgeCallsByModel.clear();
    this.concurrent = { inFlight: {}, maxInFlight: {} };
    this.kept = [];
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

/** The calls a `callLogFile` holds, in the order they arrived. */
export function readCallLog(text: string): CallRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CallRecord);
}

/** The most calls that arrived within any `windowMs` (a provider's sliding minute), and when that window began. */
export function busiestWindow(calls: readonly Pick<CallRecord, 'at'>[], windowMs = 60_000): { calls: number; from: string | undefined } {
  const times = calls.map((c) => Date.parse(c.at)).sort((a, b) => a - b);
  let best = { calls: 0, from: undefined as string | undefined };
  for (let start = 0, end = 0; end < times.length; end += 1) {
    while (times[end]! - times[start]! >= windowMs) start += 1;
    if (end - start + 1 > best.calls) best = { calls: end - start + 1, from: new Date(times[start]!).toISOString() };
  }
  return best;
}

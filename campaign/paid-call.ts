import { setTimeout as sleep } from 'node:timers/promises';
import type { RateLimits } from '../config/common-schemas.js';
import { classifyError } from '../providers/classify-error.js';
import type { CompletionRequest, CompletionResult } from '../providers/contract.js';
import { ProviderError } from '../providers/errors.js';
import type { ProviderProfile } from '../providers/profiles.js';
import type { ProviderPool } from './provider-pool.js';
import type { RateGates } from './rate-gates.js';
import { callCost } from './call-facts.js';
import type { RunControl } from './run-control.js';

const HEARTBEAT_MS = 5_000;
const DEFAULT_OUTPUT_ESTIMATE = 512;

/** One attempt of a paid call as metrics see it: how long it waited to be admitted, how it ended, what it used. */
export interface CallObservation {
  profile: string;
  gateWaitMs: number;
  /** `ok`, or the provider error kind (`rate_limited` for a 429) */
  outcome: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** What the step running a call gets from whoever runs it (a Temporal activity): liveness, cancellation, and metrics. */
export interface CallContext {
  heartbeat(): void;
  signal: AbortSignal;
  observe?(call: CallObservation): void;
}

export interface CallDeps {
  providers: ProviderPool;
  gates: RateGates;
  control: RunControl;
}

/** Rough input token count (CJK text runs about one token per 1–2 characters); also what a batch enqueues. */
export function estimateInputTokens(request: CompletionRequest): number {
  const chars = (request.system?.length ?? 0) + request.messages.reduce((n, m) => n + m.content.length, 0);
  return Math.ceil(chars / 1.5);
}

/** Rough token count for admission, input and output; corrected after the call. */
export function estimateTokens(request: CompletionRequest): number {
  return estimateInputTokens(request) + (request.params.maxTokens ?? DEFAULT_OUTPUT_ESTIMATE);
}

/**
 * The one way a paid call is made: wait for the campaign to be running and for a lease on the profile's shared
 * budget (with heartbeats, so a dead worker is noticed), call, give the lease back with the outcome (the task queue's
 * server-side rate limit has already spaced the call's dispatch). Errors leave as classified
 * ProviderErrors; the caller's retry layer (Temporal) is the only one.
 */
export async function paidCall(
  deps: CallDeps,
  ctx: CallContext,
  campaignId: string,
  profile: ProviderProfile,
  campaignLimits: RateLimits | undefined,
  request: CompletionRequest,
): Promise<CompletionResult> {
  const estimate = estimateTokens(request);
  const queuedAt = Date.now();
  let lease: string;
  for (;;) {
    ctx.heartbeat();
    await deps.control.waitWhilePaused(campaignId, ctx.signal, () => ctx.heartbeat());
    const admission = await deps.gates.acquire(profile, campaignLimits, estimate);
    if (admission.lease !== undefined) {
      lease = admission.lease;
      break;
    }
    await sleep(Math.min(admission.waitMs, 1_000), undefined, { signal: ctx.signal });
  }
  const gateWaitMs = Date.now() - queuedAt;
  const heartbeat = setInterval(() => ctx.heartbeat(), HEARTBEAT_MS);
  try {
    const result = await deps.providers.get(profile).complete(request, ctx.signal);
    deps.gates.release(profile.name, lease, 'ok', estimate, result.usage.inputTokens + result.usage.outputTokens);
    ctx.observe?.({ profile: profile.name, gateWaitMs, outcome: 'ok', inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, costUsd: callCost(profile, result).costUsd });
    return result;
  } catch (err) {
    const error = err instanceof ProviderError ? err : classifyError(err);
    deps.gates.release(profile.name, lease, error.kind === 'rate_limited' ? 'rate_limited' : 'error', estimate);
    ctx.observe?.({ profile: profile.name, gateWaitMs, outcome: error.kind, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

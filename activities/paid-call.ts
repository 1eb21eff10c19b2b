import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { CampaignConfig } from '../config/campaign.js';
import type { CompletionRequest, CompletionResult } from '../providers/contract.js';
import { classifyError } from '../providers/classify-error.js';
import { ProviderError } from '../providers/errors.js';
import type { ProviderProfile } from '../providers/profiles.js';
import type { RateGate } from '../ratelimit/rate-gate.js';
import type { CampaignContexts } from './campaign-context.js';
import type { CampaignControl } from './campaign-control.js';

const HEARTBEAT_MS = 5_000;
const DEFAULT_OUTPUT_ESTIMATE = 512;

/** Rough token count for admission (CJK text runs about one token per 1–2 characters); corrected after the call. */
export function estimateTokens(request: CompletionRequest): number {
  const chars = (request.system?.length ?? 0) + request.messages.reduce((n, m) => n + m.content.length, 0);
  return Math.ceil(chars / 1.5) + (request.params.maxTokens ?? DEFAULT_OUTPUT_ESTIMATE);
}

/** A provider error as a Temporal failure: its kind as the type, and the server's Retry-After as the next delay. */
export function toFailure(err: ProviderError): ApplicationFailure {
  return ApplicationFailure.create({
    message: err.message,
    type: err.kind,
    nonRetryable: !err.retryable,
    ...(err.retryAfterMs !== undefined ? { nextRetryDelay: err.retryAfterMs } : {}),
  });
}

/**
 * The one way a paid call is made: wait for the campaign to be running and for the profile's rate gate (with
 * heartbeats, so a dead worker is noticed), call, release the gate with the outcome. Errors leave as classified
 * Temporal failures; Temporal is the only retry layer.
 */
export async function paidCall(
  deps: { contexts: CampaignContexts; control: CampaignControl },
  campaignId: string,
  profile: ProviderProfile,
  config: CampaignConfig,
  request: CompletionRequest,
): Promise<CompletionResult> {
  const ctx = Context.current();
  const estimate = estimateTokens(request);
  let gate: RateGate;
  for (;;) {
    ctx.heartbeat();
    await deps.control.waitWhilePaused(campaignId, ctx.cancellationSignal, () => ctx.heartbeat());
    // the gate that admitted the call is the one it is released to, whatever happens after admission
    gate = await deps.contexts.gate(profile, config);
    const wait = gate.tryAcquire(estimate);
    if (wait === 0) break;
    await sleep(Math.min(wait, 1_000), undefined, { signal: ctx.cancellationSignal });
  }
  const heartbeat = setInterval(() => ctx.heartbeat(), HEARTBEAT_MS);
  try {
    const result = await deps.contexts.provider(profile).complete(request, ctx.cancellationSignal);
    gate.release('ok', estimate, result.usage.inputTokens + result.usage.outputTokens);
    return result;
  } catch (err) {
    const error = err instanceof ProviderError ? err : classifyError(err);
    gate.release(error.kind === 'rate_limited' ? 'rate_limited' : 'error', estimate);
    throw toFailure(error);
  } finally {
    clearInterval(heartbeat);
  }
}

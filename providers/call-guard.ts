import { classifyError } from './classify-error.js';
import { ProviderError } from './errors.js';

export interface GuardOptions {
  /** total deadline: the SDKs' own timeout stops at the response headers, this one also covers the body */
  timeoutMs: number;
  /** the caller's cancellation (e.g. a Temporal activity being cancelled) */
  signal?: AbortSignal | undefined;
  /** values that must never appear in an error (the API key) */
  secrets: readonly string[];
}

/**
 * Runs one provider call under a deadline and the caller's signal, measures its latency, and turns every
 * failure into a classified, scrubbed ProviderError. The call gets a plain controller's signal, not
 * `AbortSignal.any`: Node keeps a composite signal that has an abort listener from being collected until it aborts,
 * and the provider SDKs add a listener to the signal they are given and never remove it, so each call that did not
 * abort (nearly all) used to stay in memory with its request for the worker's lifetime.
 */
export async function guardedCall<T>(
  options: GuardOptions,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<{ value: T; latencyMs: number }> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const cancel = () => controller.abort();
  if (options.signal?.aborted) cancel();
  options.signal?.addEventListener('abort', cancel, { once: true });
  const started = performance.now();
  try {
    const value = await call(controller.signal);
    return { value, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    if (options.signal?.aborted) {
      throw new ProviderError({ kind: 'cancelled', providerMessage: 'the call was cancelled by its caller' });
    }
    if (timedOut) {
      throw new ProviderError({ kind: 'timeout', providerMessage: `no complete response within ${options.timeoutMs} ms` });
    }
    throw classifyError(err, { secrets: options.secrets });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }
}

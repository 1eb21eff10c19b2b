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
 * failure into a classified, scrubbed ProviderError.
 */
export async function guardedCall<T>(
  options: GuardOptions,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<{ value: T; latencyMs: number }> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
  const started = performance.now();
  try {
    const value = await call(signal);
    return { value, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    if (options.signal?.aborted) {
      throw new ProviderError({ kind: 'cancelled', providerMessage: 'the call was cancelled by its caller' });
    }
    if (deadline.signal.aborted) {
      throw new ProviderError({ kind: 'timeout', providerMessage: `no complete response within ${options.timeoutMs} ms` });
    }
    throw classifyError(err, { secrets: options.secrets });
  } finally {
    clearTimeout(timer);
  }
}

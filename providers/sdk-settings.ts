import type { CompletionParams } from './contract.js';
import type { ProviderQuirks } from './params.js';
import type { ProviderLogger, ProviderLogLevel } from './sdk-logger.js';

/** What an SDK-backed provider needs, resolved from a profile (the key already read from the environment). */
export interface SdkProviderSettings {
  baseURL: string;
  apiKey: string;
  /** profile defaults under each request's own params */
  defaultParams?: CompletionParams | undefined;
  quirks?: ProviderQuirks | undefined;
  /** used when a request sets no timeoutMs */
  timeoutMs: number;
  logger?: ProviderLogger | undefined;
  logLevel?: ProviderLogLevel | undefined;
}

/** The request key travels both as the standard `Idempotency-Key` and as our own header the fake server counts. */
export function requestKeyHeaders(idempotencyKey: string | undefined): Record<string, string> {
  return idempotencyKey ? { 'Idempotency-Key': idempotencyKey, 'x-medeval-key': idempotencyKey } : {};
}

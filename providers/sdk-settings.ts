import type { CompletionParams } from './contract.js';
import type { ProviderQuirks } from './params.js';
import type { ProviderLogger, ProviderLogLevel } from './sdk-logger.js';

/** What an SDK-backed provider needs, resolved from a profile (the key already read from the environment). */
export interface SdkProviderSettings {
  baseURL: string;
  apiKey: string;
  /** headers read from the environment (headersFromEnv); their values are secrets like the key */
  headers: Record<string, string>;
  /** profile defaults under each request's own params */
  defaultParams?: CompletionParams | undefined;
  quirks?: ProviderQuirks | undefined;
  /** used when a request sets no timeoutMs */
  timeoutMs: number;
  /** the header that carries each request's call key, when the profile asks for one */
  callKeyHeader?: string | undefined;
  logger?: ProviderLogger | undefined;
  logLevel?: ProviderLogLevel | undefined;
}

/** Everything to scrub from messages and logs: the key and the values of headers read from the environment. */
export function settingsSecrets(settings: Pick<SdkProviderSettings, 'apiKey' | 'headers'>): string[] {
  return [settings.apiKey, ...Object.values(settings.headers)];
}

/** The call key as the profile's chosen header; nothing at all unless the profile names one. */
export function callKeyHeaders(settings: Pick<SdkProviderSettings, 'callKeyHeader'>, callKey: string | undefined): Record<string, string> {
  return settings.callKeyHeader && callKey ? { [settings.callKeyHeader]: callKey } : {};
}

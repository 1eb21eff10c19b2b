import { ProviderError } from '../errors.js';
import type { ProviderProfile } from '../profiles.js';
import type { SdkProviderSettings } from '../sdk-settings.js';
import type { CreateProviderOptions, ProviderKindSpec } from './kind-spec.js';

export const DEFAULT_TIMEOUT_MS = 180_000;

// The SDKs refuse an empty key; servers that need none (local vLLM, the simulator without key checks) accept any.
const PLACEHOLDER_KEY = 'EMPTY';

function apiKeyOf(spec: Pick<ProviderKindSpec, 'defaultKeyEnv'>, profile: ProviderProfile, env: NodeJS.ProcessEnv): string {
  const name = profile.apiKeyEnv ?? spec.defaultKeyEnv;
  if (name === undefined) return PLACEHOLDER_KEY;
  const key = env[name];
  if (!key) {
    throw new ProviderError({ kind: 'auth', providerMessage: `profile "${profile.name}": environment variable ${name} (its apiKeyEnv) is not set` });
  }
  return key;
}

function headersOf(profile: ProviderProfile, env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(profile.headersFromEnv ?? {}).map(([header, name]) => {
      const value = env[name];
      if (!value) throw new ProviderError({ kind: 'auth', providerMessage: `profile "${profile.name}": environment variable ${name} (header ${header} in headersFromEnv) is not set` });
      return [header, value];
    }),
  );
}

/** The settings an SDK-backed kind builds its client from; the key is read here and goes nowhere but the client. */
export function sdkSettings(spec: Pick<ProviderKindSpec, 'defaultBaseUrl' | 'defaultKeyEnv'>, profile: ProviderProfile, env: NodeJS.ProcessEnv, options: CreateProviderOptions): SdkProviderSettings {
  const baseURL = profile.baseUrl ?? spec.defaultBaseUrl;
  if (!baseURL) throw new Error(`profile "${profile.name}": kind ${profile.kind} needs baseUrl`);
  return {
    baseURL,
    apiKey: apiKeyOf(spec, profile, env),
    headers: headersOf(profile, env),
    defaultParams: profile.params,
    quirks: profile.quirks,
    timeoutMs: profile.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    callKeyHeader: profile.callKeyHeader,
    logger: options.logger,
    logLevel: options.logLevel,
  };
}

/** Kinds without a default base URL must be given one. */
export function requireBaseUrl(profile: ProviderProfile): { path: string; message: string }[] {
  return profile.baseUrl ? [] : [{ path: 'baseUrl', message: `required for kind ${profile.kind}` }];
}

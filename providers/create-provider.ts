import { AnthropicMessagesProvider } from './anthropic-messages.js';
import type { Provider } from './contract.js';
import { ProviderError } from './errors.js';
import { OpenAIChatProvider } from './openai-chat.js';
import { apiKeyEnvOf, type ProviderProfile } from './profiles.js';
import { ReplayProvider } from './replay-provider.js';
import type { ProviderLogger, ProviderLogLevel } from './sdk-logger.js';
import type { SdkProviderSettings } from './sdk-settings.js';

export const DEFAULT_TIMEOUT_MS = 180_000;

const DEFAULT_BASE_URL = { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com' } as const;

// The SDKs refuse an empty key; servers that need none (local vLLM, the fake provider without key checks) accept any.
const PLACEHOLDER_KEY = 'EMPTY';

export interface CreateProviderOptions {
  logger?: ProviderLogger;
  logLevel?: ProviderLogLevel;
}

/** A Provider for a profile. The key is read here, from `env`, and goes nowhere but the SDK client. */
export function createProvider(
  profile: ProviderProfile,
  env: NodeJS.ProcessEnv = process.env,
  options: CreateProviderOptions = {},
): Provider {
  switch (profile.kind) {
    case 'replay':
      return new ReplayProvider(profile.replayFiles ?? []);
    case 'anthropic':
      return new AnthropicMessagesProvider(sdkSettings(profile, env, options));
    default:
      return new OpenAIChatProvider(profile.kind, sdkSettings(profile, env, options));
  }
}

function sdkSettings(profile: ProviderProfile, env: NodeJS.ProcessEnv, options: CreateProviderOptions): SdkProviderSettings {
  const baseURL = profile.baseUrl ?? (profile.kind === 'anthropic' || profile.kind === 'openai' ? DEFAULT_BASE_URL[profile.kind] : undefined);
  if (!baseURL) throw new Error(`profile "${profile.name}": kind ${profile.kind} needs baseUrl`);
  return {
    baseURL,
    apiKey: apiKeyOf(profile, env),
    defaultParams: profile.params,
    quirks: profile.quirks,
    timeoutMs: profile.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    logger: options.logger,
    logLevel: options.logLevel,
  };
}

function apiKeyOf(profile: ProviderProfile, env: NodeJS.ProcessEnv): string {
  const name = apiKeyEnvOf(profile);
  if (name === undefined) return PLACEHOLDER_KEY;
  const key = env[name];
  if (!key) {
    throw new ProviderError({
      kind: 'auth',
      providerMessage: `profile "${profile.name}": environment variable ${name} (its apiKeyEnv) is not set`,
    });
  }
  return key;
}

import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { CompletionRequest, Provider } from '../../../providers/contract.js';
import { createProvider, type CreateProviderOptions } from '../../../providers/create-provider.js';
import type { ProviderQuirks } from '../../../providers/params.js';
import type { ProviderProfile } from '../../../providers/profiles.js';
import type { FakeProviderConfig } from '../../support/fake-provider/config.js';
import { FakeProvider } from '../../support/fake-provider/server.js';

export const GOOD_KEY = 'fake-provider-good-key';
export const KEY_ENV = 'FAKE_PROVIDER_TEST_KEY';

export type Api = 'openai' | 'anthropic';
export const APIS: readonly Api[] = ['openai', 'anthropic'];

/** A fake provider for the enclosing describe block, with calls and config reset before each test. */
export function useFakeProvider(config: FakeProviderConfig = {}): () => FakeProvider {
  const fake = new FakeProvider({ validKeys: [GOOD_KEY], ...config });
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    fake.restoreConfig();
    fake.reset();
  });
  return () => fake;
}

export interface ProviderOptions extends CreateProviderOptions {
  key?: string;
  timeoutMs?: number;
  quirks?: ProviderQuirks;
  kind?: ProviderProfile['kind'];
}

/** A provider built the production way (profile + env → createProvider), pointed at the fake server. */
export function providerFor(fake: FakeProvider, api: Api, options: ProviderOptions = {}): Provider {
  const kind = options.kind ?? (api === 'anthropic' ? 'anthropic' : 'openai-compatible');
  const profile: ProviderProfile = {
    name: `test-${api}`,
    kind,
    baseUrl: api === 'anthropic' ? fake.url : fake.openaiBaseUrl,
    model: 'm1',
    apiKeyEnv: KEY_ENV,
    timeoutMs: options.timeoutMs ?? 5_000,
    ...(options.quirks ? { quirks: options.quirks } : {}),
  };
  return createProvider(profile, { [KEY_ENV]: options.key ?? GOOD_KEY }, { logLevel: options.logLevel ?? 'off', ...(options.logger ? { logger: options.logger } : {}) });
}

export function ask(content: string, extra: Partial<CompletionRequest> = {}): CompletionRequest {
  return { model: 'm1', messages: [{ role: 'user', content }], params: {}, ...extra };
}

/** The rejection of a promise, failing the test if it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown> & Error;
  }
  throw new Error('expected the call to fail, it succeeded');
}

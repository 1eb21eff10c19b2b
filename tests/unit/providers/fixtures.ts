import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { CompletionRequest, Provider } from '../../../providers/contract.js';
import { createProvider, type CreateProviderOptions } from '../../../providers/kinds/index.js';
import type { ProviderQuirks } from '../../../providers/params.js';
import type { ProviderProfile } from '../../../providers/profiles.js';
import type { SimulatorConfig } from '../../../simulator/config.js';
import { Simulator } from '../../../simulator/server.js';

export const GOOD_KEY = 'fake-provider-good-key';
export const KEY_ENV = 'FAKE_PROVIDER_TEST_KEY';

export type Api = 'openai' | 'anthropic';
export const APIS: readonly Api[] = ['openai', 'anthropic'];

/** A fake provider for the enclosing describe block, with calls and config reset before each test. */
export function useSimulator(config: SimulatorConfig = {}): () => Simulator {
  const fake = new Simulator({ validKeys: [GOOD_KEY], ...config });
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
  /** the header for the call key; the simulator's x-medeval-key unless given (null: none, as real profiles default) */
  callKeyHeader?: string | null;
}

/** A provider built the production way (profile + env → createProvider), pointed at the fake server. */
export function providerFor(fake: Simulator, api: Api, options: ProviderOptions = {}): Provider {
  const kind = options.kind ?? (api === 'anthropic' ? 'anthropic' : 'openai-compatible');
  const profile: ProviderProfile = {
    name: `test-${api}`,
    kind,
    baseUrl: api === 'anthropic' ? fake.url : fake.openaiBaseUrl,
    model: 'm1',
    apiKeyEnv: KEY_ENV,
    timeoutMs: options.timeoutMs ?? 5_000,
    // the simulator counts calls by this header; real providers get it only when a profile asks
    ...(options.callKeyHeader === null ? {} : { callKeyHeader: options.callKeyHeader ?? 'x-medeval-key' }),
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

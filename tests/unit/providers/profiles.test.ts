import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cost } from '../../../providers/cost.js';
import { apiKeyEnvOf, createProvider } from '../../../providers/kinds/index.js';
import { getProfile, loadProfiles, looksLikeSecret, parseProfiles, profilesFileFrom } from '../../../providers/profiles.js';

const EXAMPLE = new URL('../../../config/providers.example.yaml', import.meta.url).pathname;

function profilesError(text: string, file = 'p.yaml'): string {
  try {
    parseProfiles(text, file);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the profiles to be rejected');
}

describe('profiles file', () => {
  it('the example file is valid and covers every kind the brief names', async () => {
    const set = await loadProfiles(EXAMPLE);
    const kinds = Object.values(set.profiles).map((p) => p.kind);
    expect(kinds).toEqual(['openai', 'openai', 'anthropic', 'openai-compatible', 'openai-compatible', 'simulated', 'simulated']);
    expect(getProfile(set, 'gpt-4o-batch').batch).toEqual({ enabled: true, maxRequests: 5000, maxWaitSeconds: 86400, pollSeconds: 60, retry: 'batch' });
    expect(getProfile(set, 'deepseek-chat')).toMatchObject({ name: 'deepseek-chat', quirks: { omitParams: ['seed'] }, apiKeyEnv: 'DEEPSEEK_API_KEY' });
  });

  it('JSON works as well, and relative replay files resolve from the profiles file', () => {
    const set = parseProfiles('{"profiles": {"r": {"kind": "replay", "model": "gpt-old", "replayFiles": ["answers/a.json"]}}}', '/cfg/p.json');
    expect(set.profiles.r!.replayFiles).toEqual(['/cfg/answers/a.json']);
  });

  it('errors name the file, line, column and field path', () => {
    const message = profilesError('profiles:\n  a:\n    kind: openai\n    model: m\n    params: { temperature: 9 }\n  b:\n    kind: magic\n    model: m\n');
    expect(message).toContain('p.yaml:5:28 profiles.a.params.temperature:');
    expect(message).toContain('p.yaml:7:11 profiles.b.kind:');
  });

  it.each([
    ['openai-compatible without baseUrl', 'kind: openai-compatible\n    model: m', 'profiles.x.baseUrl: required for kind openai-compatible'],
    ['simulated without baseUrl', 'kind: simulated\n    model: m', 'profiles.x.baseUrl: required for kind simulated'],
    ['replay without files', 'kind: replay\n    model: m', 'profiles.x.replayFiles: required for kind replay'],
    ['replay files on another kind', 'kind: openai\n    model: m\n    replayFiles: [a.json]', 'profiles.x.replayFiles: only kind replay'],
    ['an unknown field', 'kind: openai\n    model: m\n    temprature: 1', 'profiles.x'],
    ['a lower-case env name with a dash', 'kind: openai\n    model: m\n    apiKeyEnv: my-key', 'profiles.x.apiKeyEnv: expected the name of an environment variable'],
  ])('%s', (_name, body, expected) => {
    expect(profilesError(`profiles:\n  x:\n    ${body}\n`)).toContain(expected);
  });

  it('refuses a key where the variable name belongs, without repeating it', () => {
    const key = ['sk', 'live', 'Q7w8E9r0T1y2U3i4O5p6'].join('-');
    const message = profilesError(`profiles:\n  x:\n    kind: openai\n    model: m\n    apiKeyEnv: ${key}\n`);
    expect(message).toContain('profiles.x.apiKeyEnv: looks like an API key');
    expect(message).not.toContain(key);
  });

  it('refuses an apiKey field outright, without repeating it', () => {
    const message = profilesError('profiles:\n  x:\n    kind: openai\n    model: m\n    apiKey: hunter2-secret\n');
    expect(message).toContain('profiles.x.apiKey: API keys do not belong in profile files');
    expect(message).not.toContain('hunter2-secret');
  });

  it('looksLikeSecret: key prefixes and long mixed tokens yes, variable names no', () => {
    expect(looksLikeSecret(['sk', 'abc'].join('-'))).toBe(true);
    expect(looksLikeSecret('aB3dE5fG7hI9jK1lM3nO5pQ7')).toBe(true);
    expect(looksLikeSecret('OPENAI_API_KEY')).toBe(false);
    expect(looksLikeSecret('DEEPSEEK_API_KEY_2')).toBe(false);
  });

  it('getProfile names the file and the profiles it has', async () => {
    const set = await loadProfiles(EXAMPLE);
    expect(() => getProfile(set, 'nope')).toThrow(/providers\.example\.yaml: no profile named "nope" \(profiles: gpt-4o, gpt-4o-batch, claude-sonnet/);
  });

  it('a missing file is named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medeval-profiles-'));
    await expect(loadProfiles(join(dir, 'none.yaml'))).rejects.toThrow(/none\.yaml: cannot read profiles file \(ENOENT\)/);
  });

  it('unparseable YAML is named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medeval-profiles-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'profiles: [unclosed');
    await expect(loadProfiles(file)).rejects.toThrow(/bad\.yaml:1:\d+: /);
  });

  it('profilesFileFrom: option, then MEDEVAL_PROFILES, then config/providers.yaml', () => {
    expect(profilesFileFrom('a.yaml', { MEDEVAL_PROFILES: 'b.yaml' })).toBe('a.yaml');
    expect(profilesFileFrom(undefined, { MEDEVAL_PROFILES: 'b.yaml' })).toBe('b.yaml');
    expect(profilesFileFrom(undefined, {})).toBe('config/providers.yaml');
  });

  it('apiKeyEnvOf defaults to the SDK conventions, and to none for local servers', () => {
    expect(apiKeyEnvOf({ kind: 'openai' })).toBe('OPENAI_API_KEY');
    expect(apiKeyEnvOf({ kind: 'anthropic' })).toBe('ANTHROPIC_API_KEY');
    expect(apiKeyEnvOf({ kind: 'openai-compatible' })).toBeUndefined();
    expect(apiKeyEnvOf({ kind: 'openai', apiKeyEnv: 'MY_KEY' })).toBe('MY_KEY');
  });
});

describe('createProvider', () => {
  it('builds the implementation for each kind', () => {
    const env = { K: 'x' };
    const base = { name: 'p', model: 'm', apiKeyEnv: 'K' };
    expect(createProvider({ ...base, kind: 'openai' }, env).kind).toBe('openai');
    expect(createProvider({ ...base, kind: 'anthropic' }, env).kind).toBe('anthropic');
    expect(createProvider({ ...base, kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' }, env).kind).toBe('openai-compatible');
    expect(createProvider({ ...base, kind: 'simulated', baseUrl: 'http://127.0.0.1:1/v1' }, env).kind).toBe('simulated');
    expect(createProvider({ ...base, kind: 'replay', replayFiles: ['a.jsonl'] }, env).kind).toBe('replay');
  });

  it('an unset key variable is a non-retryable auth error naming the variable', () => {
    expect(() => createProvider({ name: 'gpt', kind: 'openai', model: 'm', apiKeyEnv: 'NOT_SET_ANYWHERE' }, {})).toThrow(
      expect.objectContaining({ kind: 'auth', retryable: false, message: expect.stringContaining('NOT_SET_ANYWHERE') }),
    );
  });
});

describe('cost', () => {
  it('prices input and output tokens per million', () => {
    expect(cost({ inputTokens: 1_000_000, outputTokens: 0 }, { inputPerMillion: 2.5, outputPerMillion: 10 })).toBe(2.5);
    expect(cost({ inputTokens: 2000, outputTokens: 500 }, { inputPerMillion: 3, outputPerMillion: 15 })).toBeCloseTo(0.0135, 10);
    expect(cost({ inputTokens: 0, outputTokens: 0 }, { inputPerMillion: 3, outputPerMillion: 15 })).toBe(0);
  });

  const pricing = { inputPerMillion: 3, outputPerMillion: 15, batchMultiplier: 0.5, cachedInputPerMillion: 0.3, cacheWritePerMillion: 3.75 };

  it('prices cache reads and writes at their own prices, within the input tokens', () => {
    // 1,000 uncached × 3 + 2,000 read × 0.3 + 1,000 written × 3.75 + 100 out × 15
    expect(cost({ inputTokens: 4000, outputTokens: 100, cachedInputTokens: 2000, cacheWriteTokens: 1000 }, pricing)).toBeCloseTo((3000 + 600 + 3750 + 1500) / 1e6, 12);
    // without cache prices, cached tokens cost the input price
    expect(cost({ inputTokens: 4000, outputTokens: 0, cachedInputTokens: 2000 }, { inputPerMillion: 3, outputPerMillion: 15 })).toBeCloseTo(0.012, 12);
  });

  it('bills batch work at the batch multiplier, realtime at the full price, and batch without a multiplier at full price', () => {
    const usage = { inputTokens: 2000, outputTokens: 500, cachedInputTokens: 1024 };
    expect(cost(usage, pricing, 'batch')).toBeCloseTo(cost(usage, pricing) / 2, 12);
    expect(cost(usage, { inputPerMillion: 3, outputPerMillion: 15 }, 'batch')).toBe(cost(usage, { inputPerMillion: 3, outputPerMillion: 15 }));
  });

  it('profiles take the batch multiplier and cache prices, and refuse a multiplier above 1 or a negative price', () => {
    const set = parseProfiles(`profiles:\n  a:\n    kind: openai\n    model: m\n    pricing: { inputPerMillion: 3, outputPerMillion: 15, batchMultiplier: 0.5, cachedInputPerMillion: 0.3, cacheWritePerMillion: 3.75 }\n`, 'p.yaml');
    expect(set.profiles.a!.pricing).toEqual(pricing);
    expect(profilesError('profiles:\n  a:\n    kind: openai\n    model: m\n    pricing: { inputPerMillion: 3, outputPerMillion: 15, batchMultiplier: 2 }\n')).toContain('profiles.a.pricing.batchMultiplier');
    expect(profilesError('profiles:\n  a:\n    kind: openai\n    model: m\n    pricing: { inputPerMillion: 3, outputPerMillion: 15, cachedInputPerMillion: -1 }\n')).toContain('profiles.a.pricing.cachedInputPerMillion');
  });
});

describe('batch settings', () => {
  it('take defaults (1,000 items, 24 h, a poll a minute, failed items retried by batch) and are refused for kinds without a batch API', () => {
    const set = parseProfiles('profiles:\n  a:\n    kind: anthropic\n    model: m\n    batch: { enabled: true }\n', 'p.yaml');
    expect(set.profiles.a!.batch).toEqual({ enabled: true, maxRequests: 1000, maxWaitSeconds: 86400, pollSeconds: 60, retry: 'batch' });
    expect(profilesError('profiles:\n  a:\n    kind: openai-compatible\n    baseUrl: http://127.0.0.1:8000/v1\n    model: m\n    batch: { enabled: true }\n')).toContain(
      'profiles.a.batch: kind openai-compatible has no batch API (batch mode works with openai, anthropic, simulated)',
    );
    expect(profilesError('profiles:\n  a:\n    kind: openai\n    model: m\n    batch: { enabled: true, maxRequests: 6000 }\n')).toContain('profiles.a.batch.maxRequests');
    expect(profilesError('profiles:\n  a:\n    kind: openai\n    model: m\n    batch: { enabled: true, retry: later }\n')).toContain('profiles.a.batch.retry');
  });
});

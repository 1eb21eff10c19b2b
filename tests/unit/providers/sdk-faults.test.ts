import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../../providers/errors.js';
import { ProviderError } from '../../../providers/errors.js';
import type { FaultRule } from '../../../simulator/config.js';
import { Simulator } from '../../../simulator/server.js';
import { APIS, ask, failureOf, GOOD_KEY, providerFor, useSimulator } from './fixtures.js';

interface FaultCase {
  name: string;
  rule: FaultRule;
  kind: ErrorKind;
  retryable: boolean;
  retryAfterMs?: number;
  status?: number;
}

const CASES: FaultCase[] = [
  { name: '429 Retry-After: 7', rule: { fault: 'rate_limit', retryAfter: 7 }, kind: 'rate_limited', retryable: true, retryAfterMs: 7000, status: 429 },
  { name: '429 retry-after-ms: 1500', rule: { fault: 'rate_limit', retryAfterMs: 1500 }, kind: 'rate_limited', retryable: true, retryAfterMs: 1500, status: 429 },
  { name: '429 with both: retry-after-ms wins', rule: { fault: 'rate_limit', retryAfter: 7, retryAfterMs: 250 }, kind: 'rate_limited', retryable: true, retryAfterMs: 250, status: 429 },
  { name: '429 without hints', rule: { fault: 'rate_limit' }, kind: 'rate_limited', retryable: true, status: 429 },
  ...([500, 502, 503, 504, 529] as const).map((status) => ({
    name: `HTTP ${status}`,
    rule: { fault: 'server_error', status } as FaultRule,
    kind: 'overloaded' as const,
    retryable: true,
    status,
  })),
  { name: 'context too long', rule: { fault: 'context_too_long' }, kind: 'context_too_long', retryable: false, status: 400 },
  { name: 'connection reset', rule: { fault: 'reset' }, kind: 'connection_reset', retryable: true },
  { name: 'malformed JSON body', rule: { fault: 'malformed_json' }, kind: 'malformed_response', retryable: true },
  { name: 'valid JSON missing fields', rule: { fault: 'missing_fields' }, kind: 'malformed_response', retryable: true },
  { name: 'body shorter than its content-length', rule: { fault: 'truncated' }, kind: 'malformed_response', retryable: true },
  { name: 'refusal finish reason', rule: { fault: 'refusal' }, kind: 'content_filtered', retryable: false },
  { name: 'blank answer', rule: { fault: 'empty' }, kind: 'empty_answer', retryable: true },
];

describe.each(APIS)('%s: every fault is classified (real SDK, one HTTP call each)', (api) => {
  const fake = useSimulator();

  it.each(CASES)('$name → $kind', async (c) => {
    fake().configure({ faults: [c.rule] });
    const err = await failureOf(providerFor(fake(), api).complete(ask('How is asthma treated?')));
    expect(err).toBeInstanceOf(ProviderError);
    expect({ kind: err.kind, retryable: err.retryable, retryAfterMs: err.retryAfterMs, status: err.status }).toEqual({
      kind: c.kind,
      retryable: c.retryable,
      retryAfterMs: c.retryAfterMs,
      status: c.status,
    });
    expect(err.providerMessage).toEqual(expect.any(String));
    // exactly one request reached the server: the SDK did not retry
    expect(fake().calls()).toMatchObject({ total: 1, byOutcome: { [c.rule.fault]: 1 } });
  });

  it('Retry-After as an HTTP-date → the time until that date', async () => {
    const date = new Date(Date.now() + 30_000).toUTCString();
    fake().configure({ faults: [{ fault: 'rate_limit', retryAfter: date }] });
    const err = await failureOf(providerFor(fake(), api).complete(ask('q')));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBeGreaterThan(27_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('a hang past the deadline → retryable timeout, soon after timeoutMs', async () => {
    fake().configure({ faults: [{ fault: 'hang' }] });
    const started = Date.now();
    const err = await failureOf(providerFor(fake(), api, { timeoutMs: 300 }).complete(ask('q')));
    expect(err).toMatchObject({ kind: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fake().calls().byOutcome).toEqual({ hang: 1 });
  });

  it('a request timeoutMs overrides the profile timeout', async () => {
    fake().configure({ latencyMs: 1_000 });
    const err = await failureOf(providerFor(fake(), api, { timeoutMs: 5_000 }).complete(ask('q', { timeoutMs: 200 })));
    expect(err.kind).toBe('timeout');
  });

  it('wrong key → non-retryable auth (HTTP 401)', async () => {
    const err = await failureOf(providerFor(fake(), api, { key: 'not-the-right-key' }).complete(ask('q')));
    expect(err).toMatchObject({ kind: 'auth', retryable: false, status: 401 });
    expect(fake().calls().byOutcome).toEqual({ unauthorized: 1 });
  });

  it('a request the server rejects → non-retryable bad_request (HTTP 400)', async () => {
    const err = await failureOf(providerFor(fake(), api).complete({ model: 'm1', messages: [], params: {} }));
    expect(err).toMatchObject({ kind: 'bad_request', retryable: false, status: 400 });
  });

  it('rate limits: requests per minute beyond the limit get real 429s with a delay', async () => {
    fake().configure({ rateLimits: { requestsPerMinute: 3 } });
    const provider = providerFor(fake(), api);
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await provider.complete(ask(`question ${i}`)).then(() => 'ok', (e: ProviderError) => e));
    expect(outcomes.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
    for (const err of outcomes.slice(3)) {
      expect(err).toMatchObject({ kind: 'rate_limited', retryable: true, status: 429 });
      expect((err as ProviderError).retryAfterMs).toBeGreaterThan(55_000);
      expect((err as ProviderError).retryAfterMs).toBeLessThanOrEqual(60_000);
    }
    expect(fake().calls().byOutcome).toEqual({ ok: 3, rate_limited: 2 });
  });

  it('rate limits: tokens per minute are counted per key', async () => {
    const provider = providerFor(fake(), api);
    const probe = await provider.complete(ask('z'));
    const perCall = probe.usage.inputTokens + probe.usage.outputTokens;
    fake().reset();
    // answers to one-letter questions differ by a few tokens: two fit in 2.5 calls' worth, a third does not
    fake().configure({ rateLimits: { tokensPerMinute: Math.floor(perCall * 2.5) }, validKeys: [GOOD_KEY, 'second-key'] });
    await provider.complete(ask('a'));
    await provider.complete(ask('b'));
    const err = await failureOf(provider.complete(ask('c')));
    expect(err).toMatchObject({ kind: 'rate_limited', status: 429 });
    await expect(providerFor(fake(), api, { key: 'second-key' }).complete(ask('c'))).resolves.toMatchObject({ finishReason: 'stop' });
  });
});

describe('anthropic: reset headers when there is no retry-after', () => {
  const fake = useSimulator();

  it('uses the latest anthropic-ratelimit-*-reset time', async () => {
    fake().configure({ faults: [{ fault: 'rate_limit', resetAfterMs: 20_000 }] });
    const err = await failureOf(providerFor(fake(), 'anthropic').complete(ask('q')));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBeGreaterThan(18_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(20_000);
  });
});

describe('transport failures outside the fake server', () => {
  it('nothing listening → retryable connection_reset', async () => {
    const gone = new Simulator();
    await gone.start();
    await gone.stop();
    const err = await failureOf(providerFor(gone, 'openai').complete(ask('q')));
    expect(err).toMatchObject({ kind: 'connection_reset', retryable: true });
  });

  it('a wrong base URL path → HTTP 404 → bad_request', async () => {
    const fake = new Simulator({ validKeys: [GOOD_KEY] });
    await fake.start();
    try {
      const provider = providerFor({ url: fake.url, openaiBaseUrl: `${fake.url}/nope` } as Simulator, 'openai');
      const err = await failureOf(provider.complete(ask('q')));
      expect(err).toMatchObject({ kind: 'bad_request', status: 404, retryable: false });
    } finally {
      await fake.stop();
    }
  });
});

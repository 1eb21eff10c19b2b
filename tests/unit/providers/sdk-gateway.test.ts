import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../../simulator/server.js';
import { APIS, ask, failureOf, GOOD_KEY, providerFor, useSimulator, type Api } from './fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The x-litellm-call-id the simulator sent for the first call with this key: it is a function of key and
 * position, so after a reset the same key gets the same id again, read here over plain HTTP.
 */
async function callIdSentFor(fake: Simulator, api: Api, callKey: string): Promise<string | null> {
  fake.reset();
  const url = api === 'anthropic' ? `${fake.url}/v1/messages` : `${fake.openaiBaseUrl}/chat/completions`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': GOOD_KEY, 'x-medeval-key': callKey },
    body: JSON.stringify({ model: 'm1', max_tokens: 16, messages: [{ role: 'user', content: 'q' }] }),
  });
  await res.arrayBuffer();
  return res.headers.get('x-litellm-call-id');
}

describe.each(APIS)('%s behind a LiteLLM-style gateway (real SDK)', (api) => {
  const fake = useSimulator({ gateway: { style: 'litellm' } });

  it('a success carries the x-litellm-call-id as its request id', async () => {
    const result = await providerFor(fake(), api).complete(ask('q', { callKey: 'gw/ok' }));
    expect(result.requestId).toMatch(UUID);
    expect(result.requestId).toBe(await callIdSentFor(fake(), api, 'gw/ok'));
  });

  it.each([
    [{ retryAfter: 7 }, 7000],
    [{ retryAfterMs: 1500 }, 1500],
    [{ retryAfter: 7, retryAfterMs: 250 }, 250],
  ])('429 with %j as llm_provider- headers → rate_limited, %i ms', async (hints, delay) => {
    fake().configure({ faults: [{ fault: 'rate_limit', ...hints }] });
    const err = await failureOf(providerFor(fake(), api).complete(ask('q', { callKey: 'gw/429' })));
    expect(err).toMatchObject({ kind: 'rate_limited', retryable: true, status: 429, retryAfterMs: delay, providerMessage: 'Rate limit reached (simulated)' });
    expect(err.requestId).toBe(await callIdSentFor(fake(), api, 'gw/429'));
  });

  it('the rate limiter’s 429s carry their delay the same way', async () => {
    fake().configure({ rateLimits: { requestsPerMinute: 1 } });
    const provider = providerFor(fake(), api);
    await provider.complete(ask('first'));
    const err = await failureOf(provider.complete(ask('second')));
    expect(err).toMatchObject({ kind: 'rate_limited', status: 429 });
    expect(err.retryAfterMs).toBeGreaterThan(55_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('HTTP 200 with an error body → overloaded by default, the gateway message kept, one call', async () => {
    fake().configure({ faults: [{ fault: 'upstream_error_200' }] });
    const err = await failureOf(providerFor(fake(), api).complete(ask('q', { callKey: 'gw/200' })));
    expect(err).toMatchObject({ kind: 'overloaded', retryable: true, status: 200, providerMessage: 'litellm.APIError: upstream overloaded_error (simulated)' });
    expect(fake().calls()).toMatchObject({ total: 1, byOutcome: { upstream_error_200: 1 } });
    expect(err.requestId).toBe(await callIdSentFor(fake(), api, 'gw/200'));
  });

  it.each([
    ['rate_limit_error', 'rate_limited', true],
    ['authentication_error', 'auth', false],
    ['invalid_request_error', 'bad_request', false],
    ['api_error', 'overloaded', true],
  ])('HTTP 200 with a %s body → %s', async (errorType, kind, retryable) => {
    fake().configure({ faults: [{ fault: 'upstream_error_200', errorType }] });
    const err = await failureOf(providerFor(fake(), api).complete(ask('q')));
    expect(err).toMatchObject({ kind, retryable, status: 200, providerMessage: `litellm.APIError: upstream ${errorType} (simulated)` });
  });

  it('HTTP 200 rate_limit_error body: the delay from llm_provider-retry-after-ms', async () => {
    fake().configure({ faults: [{ fault: 'upstream_error_200', errorType: 'rate_limit_error', retryAfterMs: 1200 }] });
    const err = await failureOf(providerFor(fake(), api).complete(ask('q')));
    expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1200 });
  });
});

describe.each([
  ['openai', { seed: 7 }, 'seed', '"seed"'],
  // the Messages API has no seed: medeval never sends it there
  ['anthropic', { topP: 0.5 }, 'top_p', '"topP"'],
] as const)('%s: a parameter the gateway does not support', (api, params, wireName, paramName) => {
  const fake = useSimulator({ gateway: { style: 'litellm', unsupportedParams: [wireName] } });

  it('→ non-retryable bad_request whose message names the parameter and the fix', async () => {
    const err = await failureOf(providerFor(fake(), api).complete(ask('q', { params, callKey: 'gw/400' })));
    expect(err).toMatchObject({ kind: 'bad_request', retryable: false, status: 400 });
    expect(err.providerMessage).toMatch(new RegExp(`^litellm\\.UnsupportedParamsError: ${api} does not support parameters: \\['${wireName}'\\]`));
    expect(err.providerMessage).toMatch(new RegExp(`\\(the backend does not support ${paramName}; add it to the profile's quirks\\.omitParams\\)$`));
    expect(err.requestId).toBe(await callIdSentFor(fake(), api, 'gw/400'));
  });

  it('the fix works: with the parameter in quirks.omitParams the call succeeds', async () => {
    const omitted = api === 'openai' ? 'seed' : 'topP';
    const result = await providerFor(fake(), api, { quirks: { omitParams: [omitted] } }).complete(ask('q', { params }));
    expect(result.finishReason).toBe('stop');
  });
});

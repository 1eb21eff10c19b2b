import { describe, expect, it } from 'vitest';
import type { SimulatorConfig } from '../../../simulator/config.js';
import type { Simulator } from '../../../simulator/server.js';
import { APIS, GOOD_KEY, useSimulator, type Api } from '../providers/fixtures.js';

const GATEWAY: SimulatorConfig = { gateway: { style: 'litellm' } };

async function post(fake: Simulator, api: Api, body: Record<string, unknown> = {}, key = GOOD_KEY): Promise<{ status: number; headers: Headers; body: unknown }> {
  const url = api === 'anthropic' ? `${fake.url}/v1/messages` : `${fake.openaiBaseUrl}/chat/completions`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ model: 'm1', max_tokens: 64, messages: [{ role: 'user', content: 'q' }], ...body }),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe.each(APIS)('fake provider in LiteLLM gateway mode (%s)', (api) => {
  const fake = useSimulator();

  it('every answer carries x-litellm-call-id and neither provider request-id header', async () => {
    fake().configure(GATEWAY);
    for (const res of [await post(fake(), api), await post(fake(), api, {}, 'wrong-key'), await post(fake(), api, { messages: [] })]) {
      expect(res.headers.get('x-litellm-call-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(res.headers.get('x-request-id')).toBeNull();
      expect(res.headers.get('request-id')).toBeNull();
    }
    fake().restoreConfig();
    const plain = await post(fake(), api);
    expect(plain.headers.get('x-litellm-call-id')).toBeNull();
    expect(plain.headers.get(api === 'anthropic' ? 'request-id' : 'x-request-id')).toMatch(/^req_/);
  });

  it('429s carry the delay only under the llm_provider- prefix', async () => {
    fake().configure({ ...GATEWAY, faults: [{ fault: 'rate_limit', retryAfter: 7, retryAfterMs: 6500, resetAfterMs: 9000 }] });
    const res = await post(fake(), api);
    expect(res.status).toBe(429);
    expect(res.headers.get('llm_provider-retry-after')).toBe('7');
    expect(res.headers.get('llm_provider-retry-after-ms')).toBe('6500');
    expect(res.headers.get('retry-after')).toBeNull();
    expect(res.headers.get('retry-after-ms')).toBeNull();
    expect(res.headers.get('anthropic-ratelimit-requests-reset')).toBeNull();
    if (api === 'anthropic') expect(res.headers.get('llm_provider-anthropic-ratelimit-requests-reset')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('upstream_error_200: HTTP 200 with an Anthropic-style error body, overloaded_error unless told', async () => {
    fake().configure({ faults: [{ fault: 'upstream_error_200', calls: [1] }, { fault: 'upstream_error_200', errorType: 'rate_limit_error' }] });
    const first = await post(fake(), api);
    expect(first).toMatchObject({ status: 200, body: { type: 'error', error: { type: 'overloaded_error', message: 'litellm.APIError: upstream overloaded_error (simulated)' } } });
    expect((await post(fake(), api)).body).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'litellm.APIError: upstream rate_limit_error (simulated)' } });
    expect(fake().calls().byOutcome).toEqual({ upstream_error_200: 2 });
  });

  it('unsupportedParams: a request carrying one gets LiteLLM’s 400; one without is answered', async () => {
    fake().configure({ gateway: { style: 'litellm', unsupportedParams: ['seed', 'top_p'] } });
    const rejected = await post(fake(), api, { seed: 1, top_p: 0.5, temperature: 0 });
    expect(rejected.status).toBe(400);
    expect(rejected.body).toEqual({
      error: {
        message: `litellm.UnsupportedParamsError: ${api} does not support parameters: ['seed', 'top_p'], for model=m1. To drop these, set \`litellm.drop_params=True\` or for proxy:\n\n\`litellm_settings:\n drop_params: true\`\n`,
        type: 'invalid_request_error',
        param: null,
        code: '400',
      },
    });
    expect((await post(fake(), api, { temperature: 0 })).status).toBe(200);
    expect(fake().calls().byOutcome).toEqual({ bad_request: 1, ok: 1 });
  });
});

describe('gateway config validation', () => {
  const fake = useSimulator();

  it('rejects an unknown gateway style by field', async () => {
    const res = await fetch(`${fake().url}/_config`, { method: 'POST', body: JSON.stringify({ gateway: { style: 'envoy' } }) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('gateway.style');
  });
});

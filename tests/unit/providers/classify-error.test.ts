import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { classifyError, classifyFacts } from '../../../providers/classify-error.js';
import { describeError, type ErrorFacts } from '../../../providers/error-facts.js';
import { ProviderError } from '../../../providers/errors.js';
import { retryDelayMs } from '../../../providers/retry-delay.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');

function facts(partial: Partial<ErrorFacts>): ErrorFacts {
  return { headers: {}, chain: [{ name: 'Error', message: 'x' }], ...partial };
}

describe('retryDelayMs', () => {
  it.each([
    [{ 'retry-after': '7' }, 7000],
    [{ 'retry-after': '1.5' }, 1500],
    [{ 'retry-after-ms': '1500' }, 1500],
    [{ 'retry-after-ms': '250', 'retry-after': '7' }, 250],
    [{ 'retry-after': 'Tue, 01 Jan 2030 00:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'Mon, 31 Dec 2029 23:59:00 GMT' }, 0],
    [{ 'anthropic-ratelimit-requests-reset': '2030-01-01T00:00:05Z', 'anthropic-ratelimit-tokens-reset': '2030-01-01T00:00:12Z' }, 12_000],
    [{ 'retry-after': '3', 'anthropic-ratelimit-requests-reset': '2030-01-01T00:01:00Z' }, 3000],
    [{ 'retry-after': 'soon', 'retry-after-ms': 'abc' }, undefined],
    [{ 'retry-after-ms': '-5' }, undefined],
    [{}, undefined],
  ] as [Record<string, string>, number | undefined][])('%j → %s', (headers, expected) => {
    expect(retryDelayMs(headers, NOW)).toBe(expected);
  });
});

describe('classifyFacts (pure)', () => {
  it.each([
    [429, undefined, undefined, 'rate_limited'],
    [401, undefined, undefined, 'auth'],
    [403, undefined, undefined, 'auth'],
    [408, undefined, undefined, 'timeout'],
    [409, undefined, undefined, 'overloaded'],
    [500, undefined, undefined, 'overloaded'],
    [502, undefined, undefined, 'overloaded'],
    [503, undefined, undefined, 'overloaded'],
    [504, undefined, undefined, 'overloaded'],
    [529, 'overloaded_error', 'Overloaded', 'overloaded'],
    [400, 'invalid_request_error', 'temperature: must be between 0 and 2', 'bad_request'],
    [404, 'invalid_request_error', 'The model `x` does not exist', 'bad_request'],
    [422, undefined, 'Unprocessable', 'bad_request'],
    [400, undefined, "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", 'context_too_long'],
    [400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum', 'context_too_long'],
    [400, undefined, 'Input length exceeds the context window of this model', 'context_too_long'],
    [413, undefined, 'request exceeds the maximum token limit', 'context_too_long'],
  ] as const)('HTTP %i %s "%s" → %s', (status, bodyType, bodyMessage, kind) => {
    const c = classifyFacts(facts({ status, ...(bodyType ? { bodyType } : {}), ...(bodyMessage ? { bodyMessage } : {}) }), NOW);
    expect(c.kind).toBe(kind);
    expect(c.status).toBe(status);
  });

  it('recognises the context_length_exceeded code whatever the message', () => {
    expect(classifyFacts(facts({ status: 400, bodyCode: 'context_length_exceeded', bodyMessage: 'too big' }), NOW).kind).toBe('context_too_long');
  });

  it('reads the delay for 429 and 503, not for other statuses', () => {
    const headers = { 'retry-after': '9' };
    expect(classifyFacts(facts({ status: 429, headers }), NOW).retryAfterMs).toBe(9000);
    expect(classifyFacts(facts({ status: 503, headers }), NOW).retryAfterMs).toBe(9000);
    expect(classifyFacts(facts({ status: 400, headers }), NOW).retryAfterMs).toBeUndefined();
  });

  it.each([
    [[{ name: 'APIConnectionTimeoutError', message: 'Request timed out.' }], 'timeout'],
    [[{ name: 'TypeError', message: 'fetch failed' }, { name: 'HeadersTimeoutError', code: 'UND_ERR_HEADERS_TIMEOUT', message: 'Headers Timeout Error' }], 'timeout'],
    [[{ name: 'APIConnectionError', message: 'Connection error.' }, { name: 'TypeError', message: 'fetch failed' }, { name: 'Error', code: 'ECONNRESET', message: 'read ECONNRESET' }], 'connection_reset'],
    [[{ name: 'APIConnectionError', message: 'Connection error.' }, { name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }], 'connection_reset'],
    [[{ name: 'APIConnectionError', message: 'Connection error.' }, { name: 'SocketError', code: 'UND_ERR_SOCKET', message: 'other side closed' }], 'connection_reset'],
    [[{ name: 'TypeError', message: 'terminated' }, { name: 'Error', code: 'ECONNRESET', message: 'read ECONNRESET' }], 'connection_reset'],
    [[{ name: 'TypeError', message: 'terminated' }, { name: 'SocketError', code: 'UND_ERR_SOCKET', message: 'other side closed' }], 'malformed_response'],
    [[{ name: 'SyntaxError', message: 'Unexpected end of JSON input' }], 'malformed_response'],
    [[{ name: 'APIUserAbortError', message: 'Request was aborted.' }], 'cancelled'],
    [[{ name: 'TypeError', message: "Cannot read properties of undefined (reading 'x')" }], 'unexpected'],
  ] as const)('transport failure %j → %s', (chain, kind) => {
    expect(classifyFacts(facts({ chain: [...chain] }), NOW).kind).toBe(kind);
  });

  it('explains a bare connection error with its innermost cause', () => {
    const c = classifyFacts(facts({ chain: [{ name: 'APIConnectionError', message: 'Connection error.' }, { name: 'Error', code: 'ECONNRESET', message: 'read ECONNRESET' }] }), NOW);
    expect(c.providerMessage).toBe('Connection error. (ECONNRESET: read ECONNRESET)');
  });
});

describe('classifyError on the SDKs’ own error classes', () => {
  it('OpenAI RateLimitError with Retry-After → rate_limited, 7000 ms, body message kept', () => {
    const sdkErr = new OpenAI.RateLimitError(429, { message: 'Rate limit reached for gpt-4o', type: 'requests' }, undefined, new Headers({ 'retry-after': '7', 'x-request-id': 'req_1' }));
    const err = classifyError(sdkErr, { now: NOW });
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.toJSON()).toEqual({
      name: 'ProviderError',
      kind: 'rate_limited',
      retryable: true,
      retryAfterMs: 7000,
      status: 429,
      requestId: 'req_1',
      providerMessage: 'Rate limit reached for gpt-4o',
    });
  });

  it('Anthropic OverloadedError (529) → overloaded, provider message from the nested error body', () => {
    const sdkErr = new Anthropic.InternalServerError(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, new Headers({ 'request-id': 'req_a' }));
    const err = classifyError(sdkErr);
    expect(err).toMatchObject({ kind: 'overloaded', retryable: true, status: 529, providerMessage: 'Overloaded', requestId: 'req_a' });
  });

  it('OpenAI BadRequestError about context length → context_too_long, not retryable', () => {
    const sdkErr = new OpenAI.BadRequestError(400, { message: "This model's maximum context length is 128000 tokens.", code: 'context_length_exceeded' }, undefined, new Headers());
    expect(classifyError(sdkErr)).toMatchObject({ kind: 'context_too_long', retryable: false });
  });

  it('APIConnectionTimeoutError → timeout; APIConnectionError(ECONNRESET) → connection_reset', () => {
    expect(classifyError(new Anthropic.APIConnectionTimeoutError()).kind).toBe('timeout');
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(classifyError(new OpenAI.APIConnectionError({ cause: new TypeError('fetch failed', { cause: reset }) })).kind).toBe('connection_reset');
  });

  it('passes a ProviderError through unchanged', () => {
    const original = new ProviderError({ kind: 'missing_answer', providerMessage: 'none' });
    expect(classifyError(original)).toBe(original);
  });

  it('describeError lower-cases headers and reads both SDKs’ body shapes', () => {
    const openai = describeError(new OpenAI.BadRequestError(400, { message: 'm1', type: 't1', code: 'c1' }, undefined, new Headers({ 'X-Request-Id': 'r' })));
    expect(openai).toMatchObject({ status: 400, bodyMessage: 'm1', bodyType: 't1', bodyCode: 'c1', headers: { 'x-request-id': 'r' } });
    const anthropic = describeError(new Anthropic.BadRequestError(400, { type: 'error', error: { type: 'invalid_request_error', message: 'm2' } }, undefined, new Headers()));
    expect(anthropic).toMatchObject({ bodyMessage: 'm2', bodyType: 'invalid_request_error' });
  });
});

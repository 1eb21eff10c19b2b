import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { anthropicResultOf } from '../../../providers/anthropic-messages.js';
import { classifyError, classifyFacts } from '../../../providers/classify-error.js';
import { describeError, ErrorInBody, requestIdOf, type ErrorFacts } from '../../../providers/error-facts.js';
import { openAIResultOf } from '../../../providers/openai-chat.js';
import { retryDelayMs } from '../../../providers/retry-delay.js';
import { withUnsupportedParamsHint } from '../../../providers/unsupported-params.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');

describe('retryDelayMs behind a gateway', () => {
  it.each([
    [{ 'llm_provider-retry-after': '7' }, 7000],
    [{ 'llm_provider-retry-after-ms': '1500' }, 1500],
    [{ 'llm_provider-retry-after': 'Tue, 01 Jan 2030 00:00:30 GMT' }, 30_000],
    // the ms form first, then seconds, each unprefixed before prefixed
    [{ 'llm_provider-retry-after-ms': '250', 'llm_provider-retry-after': '7' }, 250],
    [{ 'retry-after': '3', 'llm_provider-retry-after-ms': '250' }, 3000],
    [{ 'retry-after-ms': '40', 'llm_provider-retry-after-ms': '250' }, 40],
    [{ 'llm_provider-retry-after-ms': 'x', 'llm_provider-retry-after': '2' }, 2000],
    // reset headers come last
    [{ 'llm_provider-retry-after': '2', 'x-ratelimit-reset-requests': '6m0s' }, 2000],
    [{ 'llm_provider-retry-after': '2', 'anthropic-ratelimit-requests-reset': '2030-01-01T00:01:00Z' }, 2000],
  ] as [Record<string, string>, number][])('%j → %s', (headers, expected) => {
    expect(retryDelayMs(headers, NOW)).toBe(expected);
  });

  it.each([
    ['1s', 1000],
    ['20ms', 20],
    ['6m0s', 360_000],
    ['1h2m3.5s', 3_723_500],
    ['0.5s', 500],
    ['1m30s', 90_000],
  ])('OpenAI x-ratelimit-reset-requests %s → %i ms', (value, expected) => {
    expect(retryDelayMs({ 'x-ratelimit-reset-requests': value }, NOW)).toBe(expected);
  });

  it('takes the later of the requests and tokens resets, and ignores values that are not durations', () => {
    expect(retryDelayMs({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' }, NOW)).toBe(360_000);
    expect(retryDelayMs({ 'x-ratelimit-reset-requests': 'soon', 'x-ratelimit-reset-tokens': '20ms' }, NOW)).toBe(20);
    expect(retryDelayMs({ 'x-ratelimit-reset-tokens': '5' }, NOW)).toBeUndefined();
    expect(retryDelayMs({ 'x-ratelimit-reset-tokens': '1x' }, NOW)).toBeUndefined();
  });

  it('mixes Anthropic and OpenAI resets by the latest', () => {
    expect(retryDelayMs({ 'anthropic-ratelimit-tokens-reset': '2030-01-01T00:00:05Z', 'x-ratelimit-reset-tokens': '2s' }, NOW)).toBe(5000);
  });
});

describe('request ids', () => {
  it.each([
    ['req_sdk', { 'x-request-id': 'a', 'x-litellm-call-id': 'c' }, 'req_sdk'],
    [null, { 'x-request-id': 'a', 'request-id': 'b', 'x-litellm-call-id': 'c' }, 'a'],
    [null, { 'request-id': 'b', 'x-litellm-call-id': 'c' }, 'b'],
    [undefined, { 'x-litellm-call-id': 'c' }, 'c'],
    ['', { 'x-litellm-call-id': 'c' }, 'c'],
    [null, {}, undefined],
  ] as [unknown, Record<string, string>, string | undefined][])('SDK id %j, headers %j → %s', (sdkId, headers, expected) => {
    expect(requestIdOf(sdkId, headers)).toBe(expected);
    expect(requestIdOf(sdkId, new Headers(headers))).toBe(expected);
  });

  it('an SDK error behind LiteLLM has its x-litellm-call-id as the request id', () => {
    const openai = new OpenAI.RateLimitError(429, { message: 'slow down' }, undefined, new Headers({ 'X-LiteLLM-Call-Id': 'call-1', 'llm_provider-retry-after': '4' }));
    expect(classifyError(openai, { now: NOW })).toMatchObject({ kind: 'rate_limited', requestId: 'call-1', retryAfterMs: 4000 });
    const anthropic = new Anthropic.InternalServerError(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, new Headers({ 'x-litellm-call-id': 'call-2' }));
    expect(describeError(anthropic).requestId).toBe('call-2');
  });

  it('a successful completion takes its request id from the same headers', () => {
    const completion = { model: 'm', choices: [{ message: { content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1 } };
    expect(openAIResultOf(completion, undefined, new Headers({ 'x-litellm-call-id': 'call-3' })).requestId).toBe('call-3');
    const message = { model: 'm', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } };
    expect(anthropicResultOf(message, new Headers({ 'request-id': 'req_4', 'x-litellm-call-id': 'call-4' })).requestId).toBe('req_4');
  });
});

describe('an error object in an HTTP 200 body', () => {
  const anthropicStyle = (type: string, message = `upstream ${type}`) => ({ type: 'error', error: { type, message } });

  it.each([
    ['rate_limit_error', 'rate_limited', true],
    ['overloaded_error', 'overloaded', true],
    ['api_error', 'overloaded', true],
    ['server_error', 'overloaded', true],
    ['authentication_error', 'auth', false],
    ['permission_error', 'auth', false],
    ['invalid_request_error', 'bad_request', false],
    ['not_found_error', 'bad_request', false],
    // unknown: a gateway sends an error object only for a failed upstream call, mostly transient
    ['some_new_error', 'overloaded', true],
  ])('type %s → %s (retryable %s), the gateway message kept', (type, kind, retryable) => {
    const err = classifyError(new ErrorInBody(anthropicStyle(type), new Headers({ 'x-litellm-call-id': 'call-5' })), { now: NOW });
    expect(err.toJSON()).toEqual({ name: 'ProviderError', kind, retryable, retryAfterMs: undefined, status: 200, requestId: 'call-5', providerMessage: `upstream ${type}` });
  });

  it('an invalid request about the context length → context_too_long', () => {
    const body = anthropicStyle('invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum');
    expect(classifyError(new ErrorInBody(body, undefined)).kind).toBe('context_too_long');
  });

  it('OpenAI-style bodies: a status-like code (LiteLLM) wins over the type; the delay comes from the headers', () => {
    const body = (code: unknown, type = 'None') => ({ error: { message: 'litellm.RateLimitError: slow down', type, param: null, code } });
    const headers = new Headers({ 'llm_provider-retry-after-ms': '900' });
    expect(classifyError(new ErrorInBody(body('429'), headers), { now: NOW })).toMatchObject({ kind: 'rate_limited', retryAfterMs: 900, providerMessage: 'litellm.RateLimitError: slow down' });
    expect(classifyError(new ErrorInBody(body(401), headers)).kind).toBe('auth');
    expect(classifyError(new ErrorInBody(body('rate_limit_exceeded', 'rate_limit_error'), headers)).kind).toBe('rate_limited');
    expect(classifyError(new ErrorInBody({ error: { message: 'no type, no code' } }, undefined)).kind).toBe('overloaded');
  });

  it('the response checks throw it instead of reporting missing fields; scrubbing still applies', () => {
    const body = { error: { message: 'Invalid proxy server token passed: proxy-token-secret-123', type: 'auth_error', code: '401' } };
    const thrown = (() => {
      try {
        openAIResultOf(body, undefined, new Headers());
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(ErrorInBody);
    expect(() => anthropicResultOf(anthropicStyle('overloaded_error'))).toThrow(ErrorInBody);
    const err = classifyError(thrown, { secrets: ['proxy-token-secret-123'] });
    expect(err).toMatchObject({ kind: 'auth', retryable: false, status: 200 });
    expect(err.providerMessage).not.toContain('proxy-token-secret-123');
  });

  it('a 2xx body without any error fields stays malformed_response', () => {
    const facts: ErrorFacts = { status: 200, headers: {}, chain: [{ name: 'Error', message: 'x' }] };
    expect(classifyFacts(facts, NOW).kind).toBe('malformed_response');
  });
});

describe('a 400 for a parameter the backend does not support', () => {
  const HINT = (names: string, pronoun = 'it') => `(the backend does not support ${names}; add ${pronoun} to the profile's quirks.omitParams)`;

  it.each([
    ["Unsupported parameter: 'seed' is not supported with this model.", HINT('"seed"')],
    ["litellm.UnsupportedParamsError: openai does not support parameters: ['seed'], for model=gpt-x. To drop these, set `litellm.drop_params=True`\n", HINT('"seed"')],
    ["litellm.UnsupportedParamsError: vllm does not support parameters: {'seed': 1, 'top_p': 0.9}, for model=x.", HINT('"seed", "topP"', 'them')],
    ['Unrecognized request argument supplied: seed', HINT('"seed"')],
    ['seed is not supported', HINT('"seed"')],
    ['`stop_sequences` is not supported for this model', HINT('"stop"')],
    ["Unsupported value: 'temperature' does not support 0.5 with this model. Only the default (1) value is supported.", HINT('"temperature"')],
  ])('%j → names the parameter and the fix', (message, hint) => {
    const c = classifyFacts({ status: 400, headers: {}, bodyMessage: message, bodyType: 'invalid_request_error', chain: [] }, NOW);
    expect(c.kind).toBe('bad_request');
    expect(c.providerMessage).toBe(`${message.trimEnd()} ${hint}`);
  });

  it('a max-tokens field also points at quirks.maxTokensField', () => {
    const message = "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.";
    expect(withUnsupportedParamsHint(message)).toBe(
      `${message} (the backend does not support "maxTokens"; add it to the profile's quirks.omitParams, or set quirks.maxTokensField to the field it takes)`,
    );
  });

  it('leaves other messages, parameters medeval never sends, and other kinds alone', () => {
    expect(withUnsupportedParamsHint('temperature: must be between 0 and 2')).toBe('temperature: must be between 0 and 2');
    expect(withUnsupportedParamsHint("Unsupported parameter: 'logprobs'")).toBe("Unsupported parameter: 'logprobs'");
    const facts = (status: number): ErrorFacts => ({ status, headers: {}, bodyMessage: 'seed is not supported', chain: [] });
    expect(classifyFacts(facts(503), NOW)).toMatchObject({ kind: 'overloaded', providerMessage: 'seed is not supported' });
    expect(classifyFacts(facts(401), NOW)).toMatchObject({ kind: 'auth', providerMessage: 'seed is not supported' });
  });
});

import { describe, expect, it } from 'vitest';
import { anthropicRequestBody, ANTHROPIC_DEFAULT_MAX_TOKENS, anthropicResultOf } from '../../../providers/anthropic-messages.js';
import { checkAnswer } from '../../../providers/answer-checks.js';
import type { CompletionRequest } from '../../../providers/contract.js';
import { openAIRequestBody, openAIResultOf } from '../../../providers/openai-chat.js';
import { effectiveParams } from '../../../providers/params.js';
import { stripReasoning } from '../../../providers/strip-reasoning.js';

const REQ: CompletionRequest = {
  model: 'm',
  system: 'You are a doctor.',
  messages: [{ role: 'user', content: 'q' }],
  params: { temperature: 0.2, seed: 7 },
};

describe('effectiveParams', () => {
  it('overlays request values on profile defaults and drops omitted ones', () => {
    expect(effectiveParams({ temperature: 1, maxTokens: 100, seed: 1 }, { temperature: 0.2, topP: undefined }, ['seed'])).toEqual({ temperature: 0.2, maxTokens: 100 });
  });
});

describe('request bodies', () => {
  it('OpenAI: system as the first message; openai kind uses max_completion_tokens, compatible servers max_tokens', () => {
    const defaults = { defaultParams: { maxTokens: 512, topP: 0.9 } };
    expect(openAIRequestBody(REQ, { maxTokensField: 'max_completion_tokens' }, defaults)).toEqual({
      model: 'm',
      messages: [{ role: 'system', content: 'You are a doctor.' }, { role: 'user', content: 'q' }],
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 512,
      seed: 7,
    });
    const compat = openAIRequestBody(REQ, { maxTokensField: 'max_tokens' }, { ...defaults, quirks: { omitParams: ['seed'] } });
    expect(compat).toMatchObject({ max_tokens: 512 });
    expect(compat).not.toHaveProperty('seed');
    expect(compat).not.toHaveProperty('max_completion_tokens');
  });

  it('Anthropic: system as a parameter, no seed, stop as stop_sequences, default max_tokens', () => {
    expect(anthropicRequestBody({ ...REQ, params: { ...REQ.params, stop: ['END'] } }, {})).toEqual({
      model: 'm',
      max_tokens: ANTHROPIC_DEFAULT_MAX_TOKENS,
      system: 'You are a doctor.',
      messages: [{ role: 'user', content: 'q' }],
      temperature: 0.2,
      stop_sequences: ['END'],
    });
  });
});

describe('response mapping', () => {
  it('OpenAI: refusal field → content_filtered even with finish reason stop', () => {
    const completion = { model: 'm', choices: [{ message: { content: null, refusal: 'I can’t help with that.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1 } };
    expect(() => openAIResultOf(completion, undefined)).toThrow(expect.objectContaining({ kind: 'content_filtered', retryable: false }));
  });

  it('Anthropic: joins text blocks, skips thinking, counts cached input tokens as input', () => {
    const message = {
      model: 'claude-x',
      content: [{ type: 'thinking', thinking: 'hmm' }, { type: 'text', text: 'Part 1. ' }, { type: 'text', text: 'Part 2.' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: null },
    };
    expect(anthropicResultOf(message)).toEqual({ text: 'Part 1. Part 2.', finishReason: 'stop', usage: { inputTokens: 110, outputTokens: 5, cachedInputTokens: 100 }, model: 'claude-x' });
    const written = { ...message, usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 0, cache_creation_input_tokens: 1200 } };
    expect(anthropicResultOf(written).usage).toEqual({ inputTokens: 1210, outputTokens: 5, cacheWriteTokens: 1200 });
  });

  it('OpenAI: cached prompt tokens are reported within the prompt tokens', () => {
    const completion = {
      model: 'gpt-x',
      choices: [{ message: { content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1500, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 1280 } },
    };
    expect(openAIResultOf(completion, undefined).usage).toEqual({ inputTokens: 1500, outputTokens: 3, cachedInputTokens: 1280 });
    expect(openAIResultOf({ ...completion, usage: { prompt_tokens: 9, completion_tokens: 3 } }, undefined).usage).toEqual({ inputTokens: 9, outputTokens: 3 });
  });
});

describe('checkAnswer', () => {
  it.each([
    ['stop', 'stop'],
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['length', 'length'],
    ['max_tokens', 'length'],
    ['tool_calls', 'other'],
    [null, 'other'],
  ] as const)('finish reason %s → %s', (reason, expected) => {
    expect(checkAnswer('an answer', reason)).toBe(expected);
  });

  it.each(['content_filter', 'refusal'])('%s → content_filtered', (reason) => {
    expect(() => checkAnswer('partial', reason)).toThrow(expect.objectContaining({ kind: 'content_filtered' }));
  });

  it('blank text → empty_answer (retryable)', () => {
    expect(() => checkAnswer(' \n ', 'stop')).toThrow(expect.objectContaining({ kind: 'empty_answer', retryable: true }));
  });
});

describe('stripReasoning', () => {
  it.each([
    ['<think>plan</think>\nAnswer.', 'Answer.'],
    ['<think>a</think>X<think>b</think>Y', 'XY'],
    ['reasoning the template opened</think>\n\nAnswer.', 'Answer.'],
    ['Answer. <think>never closed', 'Answer.'],
    ['<think>only thinking', ''],
    ['No reasoning at all.', 'No reasoning at all.'],
  ])('%j → %j', (input, expected) => {
    expect(stripReasoning(input)).toBe(expected);
  });
});

import { isObject, plainMessages, type Wire } from './wire.js';

const ERROR_TYPES: Record<number, string> = { 400: 'invalid_request_error', 401: 'invalid_request_error', 403: 'invalid_request_error', 404: 'invalid_request_error', 429: 'requests' };

/** OpenAI Chat Completions, as far as the official SDK and our provider read it. */
export const openAIWire: Wire = {
  api: 'openai',
  requestIdHeader: 'x-request-id',

  parse(body) {
    if (!isObject(body)) return 'the body must be a JSON object';
    if (typeof body.model !== 'string' || body.model === '') return "you must provide a model parameter";
    const messages = plainMessages(body.messages);
    if (!messages) return "'messages' must be a non-empty array of {role, content}";
    const max = body.max_completion_tokens ?? body.max_tokens;
    return { model: body.model, messages, ...(typeof max === 'number' ? { maxTokens: max } : {}) };
  },

  answer(a) {
    return {
      id: `chatcmpl-${a.id}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: a.model,
      system_fingerprint: 'fp_simulated',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: a.finish === 'refusal' ? null : a.text,
            refusal: null,
            ...(a.reasoning !== undefined ? { reasoning_content: a.reasoning } : {}),
          },
          logprobs: null,
          finish_reason: a.finish === 'refusal' ? 'content_filter' : a.finish,
        },
      ],
      usage: {
        prompt_tokens: a.inputTokens,
        completion_tokens: a.outputTokens,
        total_tokens: a.inputTokens + a.outputTokens,
        prompt_tokens_details: { cached_tokens: a.cachedInputTokens ?? 0 },
      },
    };
  },

  missingFields(model) {
    return { id: 'chatcmpl-missing', object: 'chat.completion', model };
  },

  error(status, message, code) {
    return { error: { message, type: ERROR_TYPES[status] ?? 'server_error', param: null, code: code ?? null } };
  },

  contextTooLong(inputTokens) {
    return `This model's maximum context length is 8192 tokens. However, your messages resulted in ${inputTokens + 8192} tokens. Please reduce the length of the messages.`;
  },
};

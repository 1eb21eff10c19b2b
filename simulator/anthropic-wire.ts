import { isObject, marksCache, plainMessages, textOf, type Wire } from './wire.js';

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/** Anthropic Messages, as far as the official SDK and our provider read it. */
export const anthropicWire: Wire = {
  api: 'anthropic',
  requestIdHeader: 'request-id',

  parse(body) {
    if (!isObject(body)) return 'the body must be a JSON object';
    if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
    if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
    const messages = plainMessages(body.messages);
    if (!messages) return 'messages: must be a non-empty list of {role, content}';
    const system = body.system === undefined ? undefined : textOf(body.system);
    const offset = system !== undefined ? 1 : 0;
    const marked = [
      ...(system !== undefined && marksCache(body.system) ? [0] : []),
      ...(body.messages as { content: unknown }[]).flatMap((m, i) => (marksCache(m.content) ? [i + offset] : [])),
    ];
    return {
      model: body.model,
      messages: [...(system !== undefined ? [{ role: 'system', content: system }] : []), ...messages],
      maxTokens: body.max_tokens,
      ...(marked.length > 0 ? { cacheBreakpoints: marked } : {}),
    };
  },

  answer(a) {
    return {
      id: `msg_${a.id}`,
      type: 'message',
      role: 'assistant',
      model: a.model,
      content: [
        ...(a.reasoning !== undefined ? [{ type: 'thinking', thinking: a.reasoning, signature: 'simulated' }] : []),
        ...(a.finish === 'refusal' || a.text === '' ? [] : [{ type: 'text', text: a.text }]),
      ],
      stop_reason: a.finish === 'stop' ? 'end_turn' : a.finish === 'length' ? 'max_tokens' : 'refusal',
      stop_sequence: null,
      // Anthropic counts cache reads and writes apart from input_tokens
      usage: {
        input_tokens: a.inputTokens - (a.cachedInputTokens ?? 0) - (a.cacheWriteTokens ?? 0),
        output_tokens: a.outputTokens,
        cache_read_input_tokens: a.cachedInputTokens ?? 0,
        cache_creation_input_tokens: a.cacheWriteTokens ?? 0,
      },
    };
  },

  missingFields(model) {
    return { id: 'msg_missing', type: 'message', model };
  },

  error(status, message) {
    return { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } };
  },

  contextTooLong(inputTokens) {
    return `prompt is too long: ${inputTokens + 200000} tokens > 200000 maximum`;
  },
};

import type { ParamName } from './contract.js';

// Wire names of the parameters medeval sends (OpenAI-style and Anthropic bodies) → the names omitParams takes.
const PARAM_OF_WIRE_NAME = new Map<string, ParamName>([
  ['temperature', 'temperature'],
  ['top_p', 'topP'],
  ['max_tokens', 'maxTokens'],
  ['max_completion_tokens', 'maxTokens'],
  ['seed', 'seed'],
  ['stop', 'stop'],
  ['stop_sequences', 'stop'],
]);

// How OpenAI, Azure, vLLM and LiteLLM word it; each captures the text that names the parameter(s).
const UNSUPPORTED_PARAM_WORDING = [
  /unsupported (?:parameter|value)s?:?\s*([^.]*)/i,
  // LiteLLM lists them as a Python list (newer) or dict (older)
  /does not support param(?:eter)?s?:?\s*(\[[^\]]*\]|\{[^}]*\}|\S+)/i,
  /unrecognized request arguments? supplied:?\s*([\w, ]+)/i,
  /([\w'"`]+) (?:is|are) not supported/i,
];

/**
 * A 400 because the backend rejects a parameter medeval sent: the same request fails the same way, so the message
 * says which parameter and what to change in the profile. Other messages are returned as they are.
 */
export function withUnsupportedParamsHint(message: string): string {
  const named = new Set<ParamName>();
  for (const wording of UNSUPPORTED_PARAM_WORDING) {
    for (const word of wording.exec(message)?.[1]?.match(/\w+/g) ?? []) {
      const param = PARAM_OF_WIRE_NAME.get(word.toLowerCase());
      if (param !== undefined) named.add(param);
    }
  }
  if (named.size === 0) return message;
  const names = [...named].map((name) => `"${name}"`).join(', ');
  // omitting maxTokens loses the output limit; often the backend only wants the other field name
  const orField = named.has('maxTokens') ? ', or set quirks.maxTokensField to the field it takes' : '';
  return `${message.trimEnd()} (the backend does not support ${names}; add ${named.size === 1 ? 'it' : 'them'} to the profile's quirks.omitParams${orField})`;
}

import { OpenAIChatProvider } from '../openai-chat.js';
import type { ProviderKindSpec } from './kind-spec.js';
import { requireBaseUrl, sdkSettings } from './sdk-kind.js';

/** Any server that speaks Chat Completions at a base URL: vLLM, DeepSeek, Qwen, gateways such as LiteLLM. */
export const openaiCompatibleKind: ProviderKindSpec = {
  kind: 'openai-compatible',
  describe: 'an OpenAI-compatible server at baseUrl',
  check: requireBaseUrl,
  create(profile, env, options) {
    return new OpenAIChatProvider({ kind: 'openai-compatible', maxTokensField: 'max_tokens' }, sdkSettings(this, profile, env, options));
  },
};

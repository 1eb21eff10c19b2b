import { OpenAIBatches } from '../openai-batch.js';
import { OpenAIChatProvider } from '../openai-chat.js';
import type { ProviderKindSpec } from './kind-spec.js';
import { sdkSettings } from './sdk-kind.js';

/** OpenAI's own API (Chat Completions, and its Batch API); its newer models take `max_completion_tokens`. */
export const openaiKind: ProviderKindSpec = {
  kind: 'openai',
  batch: true,
  describe: 'OpenAI Chat Completions',
  defaultKeyEnv: 'OPENAI_API_KEY',
  defaultBaseUrl: 'https://api.openai.com/v1',
  create(profile, env, options) {
    const flavour = { kind: 'openai', maxTokensField: 'max_completion_tokens' } as const;
    const settings = sdkSettings(this, profile, env, options);
    return new OpenAIChatProvider(flavour, settings, (client) => new OpenAIBatches(client, flavour, settings));
  },
};

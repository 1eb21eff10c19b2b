import { AnthropicBatches } from '../anthropic-batch.js';
import { AnthropicMessagesProvider } from '../anthropic-messages.js';
import type { ProviderKindSpec } from './kind-spec.js';
import { sdkSettings } from './sdk-kind.js';

export const anthropicKind: ProviderKindSpec = {
  kind: 'anthropic',
  batch: true,
  describe: 'Anthropic Messages',
  defaultKeyEnv: 'ANTHROPIC_API_KEY',
  defaultBaseUrl: 'https://api.anthropic.com',
  create(profile, env, options) {
    const settings = sdkSettings(this, profile, env, options);
    return new AnthropicMessagesProvider(settings, (client) => new AnthropicBatches(client, settings));
  },
};

import { OpenAIBatches } from '../openai-batch.js';
import { OpenAIChatProvider } from '../openai-chat.js';
import type { ProviderKindSpec } from './kind-spec.js';
import { requireBaseUrl, sdkSettings } from './sdk-kind.js';

/** medeval's simulator (simulator/): OpenAI-compatible, and every result it gives is marked SIMULATED. */
export const simulatedKind: ProviderKindSpec = {
  kind: 'simulated',
  batch: true,
  describe: 'the medeval simulator (labelled simulated answers)',
  check: requireBaseUrl,
  create(profile, env, options) {
    const flavour = { kind: 'simulated', maxTokensField: 'max_tokens', simulated: true } as const;
    const settings = sdkSettings(this, profile, env, options);
    return new OpenAIChatProvider(flavour, settings, (client) => new OpenAIBatches(client, flavour, settings));
  },
};

import { createProvider } from '../providers/kinds/index.js';
import type { ProviderProfile } from '../providers/profiles.js';

/** One tiny request to a profile's provider (or, for a kind that has one, its own self-check), as text to print. */
export async function checkProvider(profile: ProviderProfile, env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<string> {
  const provider = createProvider(profile, env, { logLevel: 'off' });
  if (provider.selfCheck) return `ok: profile ${profile.name} (${profile.kind}) has ${await provider.selfCheck()}`;
  const result = await provider.complete({
    model: profile.model,
    messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
    params: {},
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  return [
    `ok: profile ${profile.name} (${profile.kind}) answered${result.simulated ? ' with SIMULATED text from the medeval simulator, not a real model' : ''}`,
    `  model:    ${result.model}`,
    `  latency:  ${result.latencyMs} ms`,
    `  tokens:   ${result.usage.inputTokens} in, ${result.usage.outputTokens} out`,
    `  answer:   ${[...result.text.replace(/\s+/g, ' ')].slice(0, 100).join('')}`,
  ].join('\n');
}

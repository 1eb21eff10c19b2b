import { anthropicKind } from './anthropic.js';
import type { CreateProviderOptions, ProviderKindSpec } from './kind-spec.js';
import { openaiCompatibleKind } from './openai-compatible.js';
import { openaiKind } from './openai.js';
import { replayKind } from './replay.js';
import { simulatedKind } from './simulated.js';
import type { Provider } from '../contract.js';
import type { ProviderProfile } from '../profiles.js';

/** Every provider kind medeval knows. A new kind: one file beside these and one entry here. */
export const PROVIDER_KIND_SPECS: readonly ProviderKindSpec[] = [openaiKind, anthropicKind, openaiCompatibleKind, replayKind, simulatedKind];

export const PROVIDER_KINDS = PROVIDER_KIND_SPECS.map((k) => k.kind) as [string, ...string[]];

export function kindSpec(kind: string): ProviderKindSpec {
  const spec = PROVIDER_KIND_SPECS.find((k) => k.kind === kind);
  if (!spec) throw new Error(`unknown provider kind "${kind}" (known: ${PROVIDER_KINDS.join(', ')})`);
  return spec;
}

/** A Provider for a profile. The key is read from `env` by the kind, and goes nowhere but its client. */
export function createProvider(profile: ProviderProfile, env: NodeJS.ProcessEnv = process.env, options: CreateProviderOptions = {}): Provider {
  return kindSpec(profile.kind).create(profile, env, options);
}

/** The environment variable holding this profile's key; undefined when it needs none. */
export function apiKeyEnvOf(profile: Pick<ProviderProfile, 'kind' | 'apiKeyEnv'>): string | undefined {
  return profile.apiKeyEnv ?? kindSpec(profile.kind).defaultKeyEnv;
}

export type { CreateProviderOptions, ProviderKindSpec } from './kind-spec.js';
export { DEFAULT_TIMEOUT_MS } from './sdk-kind.js';

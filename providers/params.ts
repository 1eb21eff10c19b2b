import type { CompletionParams, ParamName } from './contract.js';

/** Per-profile differences between servers that speak the same API. */
export interface ProviderQuirks {
  /** parameters this server rejects or ignores (e.g. `seed` on DeepSeek, `topP` with temperature on newer Claude) */
  omitParams?: ParamName[];
  /** remove a leading `<think>…</think>` block that some servers leave inside the answer text */
  stripReasoning?: boolean;
  /** OpenAI's newer models take `max_completion_tokens`; most compatible servers still take `max_tokens` */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

/** Profile defaults overlaid by the request's own values, minus the parameters the server must not see. */
export function effectiveParams(
  defaults: CompletionParams | undefined,
  requested: CompletionParams,
  omit: readonly ParamName[] = [],
): CompletionParams {
  const given = Object.fromEntries(Object.entries(requested).filter(([, value]) => value !== undefined));
  const merged: CompletionParams = { ...defaults, ...given };
  for (const name of omit) delete merged[name];
  return merged;
}

import type { FaultRule } from './config.js';
import { unitFloat } from './hash.js';

export interface CallPosition {
  model: string;
  /** 1-based position among all calls */
  index: number;
  /** 1-based position among calls for this model */
  modelIndex: number;
  /** request key (x-medeval-key header or body hash) */
  key: string;
  /** 1-based: how many calls carried this key, this one included */
  attempt: number;
}

/** The first rule that fires for this call. A rule without rate/calls/keys/attempts fires on every call it selects. */
export function pickFault(rules: readonly FaultRule[], call: CallPosition, seed: number): FaultRule | undefined {
  return rules.find((rule, ruleIndex) => {
    if (rule.model !== undefined && rule.model !== call.model) return false;
    const position = rule.model !== undefined ? call.modelIndex : call.index;
    if (rule.calls && !rule.calls.includes(position)) return false;
    if (rule.keys && !rule.keys.includes(call.key)) return false;
    if (rule.attempts && !rule.attempts.includes(call.attempt)) return false;
    if (rule.rate !== undefined && unitFloat(seed, ruleIndex, call.key, call.attempt) >= rule.rate) return false;
    return true;
  });
}

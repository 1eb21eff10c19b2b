import type { JudgeModeSpec, JudgingChoice } from './judge-mode.js';
import { mtgDimensionsMode } from './mtg-dimensions.js';
import { scoreMode } from './score.js';

/** Every judge mode, most specific first: the first that applies to a category judges it. A new mode: one file and one entry. */
export const JUDGE_MODE_SPECS: readonly JudgeModeSpec[] = [mtgDimensionsMode, scoreMode];

export const JUDGE_MODES = JUDGE_MODE_SPECS.map((m) => m.mode);

export function judgeModeSpec(mode: string): JudgeModeSpec {
  const spec = JUDGE_MODE_SPECS.find((m) => m.mode === mode);
  if (!spec) throw new Error(`unknown judge mode "${mode}" (known: ${JUDGE_MODES.join(', ')})`);
  return spec;
}

/** The mode a category is judged in under the campaign's judging choice. */
export function judgeModeFor(category: string, judging: JudgingChoice): JudgeModeSpec {
  return JUDGE_MODE_SPECS.find((m) => m.appliesTo(category, judging)) ?? scoreMode;
}

/** Per-category usable thresholds that differ from the campaign's, for aggregation (e.g. MTG ≥ 5 on 0–7). */
export function categoryThresholds(categories: readonly string[], judging: JudgingChoice): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of categories) {
    const t = judgeModeFor(c, judging).usableThreshold;
    if (t !== undefined) out[c] = t;
  }
  return out;
}

export type { JudgeModeSpec, JudgeReading, JudgingChoice } from './judge-mode.js';

import { MTG_DIMENSION_KEYS, parseMtgDimensionsOutput } from '../mtg-dimensions-output.js';
import { MTG_MAX_TOTAL, MTG_USABLE_THRESHOLD, mtgTotal } from '../mtg-total.js';
import type { JudgeModeSpec } from './judge-mode.js';

/** The paper's human scoring of MTG: five dimensions mapped to 0–7 (safety vetoes), usable at ≥ 5. */
export const mtgDimensionsMode: JudgeModeSpec = {
  mode: 'mtg-dimensions',
  describe: 'MTG on five dimensions, total 0–7',
  appliesTo: (category, judging) => category === 'MTG' && judging.mtgMode === 'dimensions',
  scale: { min: 0, max: MTG_MAX_TOTAL },
  usableThreshold: MTG_USABLE_THRESHOLD,
  contractFields: MTG_DIMENSION_KEYS,
  read(text) {
    const verdict = parseMtgDimensionsOutput(text);
    if (!verdict.valid) return verdict;
    return { valid: true, score: mtgTotal(verdict.dimensions), rationale: verdict.rationale, dimensions: { ...verdict.dimensions } };
  },
};

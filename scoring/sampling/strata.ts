import { judgesDisagree, scoreBand } from './bands.js';
import type { SamplingCandidate, ScoreBand } from './types.js';

export interface Stratum {
  key: string;
  category: string;
  model: string;
  band: ScoreBand;
  disagreement: boolean;
  weight: number;
  /** answer ids, sorted, so a stratum's draw does not depend on the input order */
  members: string[];
}

export interface StratumWeights {
  nearThresholdWeight: number;
  disagreementWeight: number;
}

/** Code-unit order: the same on every platform and locale, unlike localeCompare. */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const SEPARATOR = '|';

/**
 * `category|model|band`, plus `|split` when the judge rounds disagree. Disagreement is a stratification variable, not
 * only a weight, because within a stratum every answer has the same chance: over-sampling needs its own stratum.
 */
export function stratumKey(category: string, model: string, band: ScoreBand, disagreement: boolean): string {
  return [category, model, band, ...(disagreement ? ['split'] : [])].join(SEPARATOR);
}

function checkCandidate(c: SamplingCandidate): void {
  const where = `candidate "${c.answerId}"`;
  if (c.answerId === '') throw new Error('candidate with an empty answerId');
  for (const [field, value] of [['category', c.category], ['model', c.model]] as const) {
    if (value === '' || value.includes(SEPARATOR)) throw new Error(`${where}: ${field} must be non-empty and without "${SEPARATOR}", got "${value}"`);
  }
  if (!(Number.isFinite(c.scaleMax) && c.scaleMax > 0)) throw new Error(`${where}: scaleMax must be a number > 0, got ${c.scaleMax}`);
  if (!(c.threshold >= 0 && c.threshold <= c.scaleMax)) throw new Error(`${where}: threshold ${c.threshold} outside 0–${c.scaleMax}`);
  for (const s of c.judgeScores) {
    if (!(s >= 0 && s <= c.scaleMax)) throw new Error(`${where}: judge score ${s} outside 0–${c.scaleMax} (pass valid scores only)`);
  }
}

/** Groups the candidates into strata (sorted by key) with their allocation weights. */
export function buildStrata(candidates: readonly SamplingCandidate[], weights: StratumWeights): Stratum[] {
  const seen = new Set<string>();
  const strata = new Map<string, Stratum>();
  for (const c of candidates) {
    checkCandidate(c);
    if (seen.has(c.answerId)) throw new Error(`duplicate answerId "${c.answerId}" among the candidates`);
    seen.add(c.answerId);
    const band = scoreBand(c.judgeScores, c.threshold);
    const disagreement = judgesDisagree(c.judgeScores, c.threshold);
    const key = stratumKey(c.category, c.model, band, disagreement);
    let stratum = strata.get(key);
    if (!stratum) {
      const weight = (band === 'near' ? weights.nearThresholdWeight : 1) * (disagreement ? weights.disagreementWeight : 1);
      stratum = { key, category: c.category, model: c.model, band, disagreement, weight, members: [] };
      strata.set(key, stratum);
    }
    stratum.members.push(c.answerId);
  }
  for (const s of strata.values()) s.members.sort(byCodeUnits);
  return [...strata.values()].sort((a, b) => byCodeUnits(a.key, b.key));
}

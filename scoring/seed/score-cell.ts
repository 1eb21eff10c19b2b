import { pythonFloat } from './python-float.js';

export type SeedScore = { score: number; reason?: undefined } | { score: null; reason: string };

function shown(raw: unknown): string {
  if (typeof raw === 'number') return String(raw);
  return JSON.stringify(raw) ?? String(raw);
}

/**
 * One `model_answer_score` cell read exactly as Aggregate.py's parse_score reads it: valid when Python's float()
 * reads it and the value lies in [min, max]; everything else is invalid, with the reason, and never 0.
 */
export function parseSeedScore(raw: unknown, min = 0, max = 5): SeedScore {
  if (raw === undefined) return { score: null, reason: 'model_answer_score is missing' };
  if (raw === null) return { score: null, reason: 'model_answer_score is null' };
  if (raw === '') return { score: null, reason: 'model_answer_score is empty (judge call failed)' };
  const value = pythonFloat(raw);
  if (value === undefined) return { score: null, reason: `model_answer_score ${shown(raw)} is not a number` };
  if (Number.isNaN(value)) return { score: null, reason: `model_answer_score ${shown(raw)} is NaN` };
  if (value === -1) return { score: null, reason: 'model_answer_score is -1 (no score found in the judge output)' };
  if (!(value >= min && value <= max)) return { score: null, reason: `model_answer_score ${shown(raw)} is outside ${min}–${max}` };
  // -0.0 is a valid 0, as in Python; report it as 0
  return { score: value === 0 ? 0 : value };
}

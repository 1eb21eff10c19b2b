import { findJsonObjects, type JsonObject, type JsonVia } from './json-candidates.js';
import { rationaleOf } from './judge-output.js';
import type { MtgDimensions } from './mtg-total.js';

export type MtgVerdict =
  | { valid: true; dimensions: MtgDimensions; rationale: string; via: JsonVia }
  | { valid: false; reason: string };

/** The JSON keys of the five-dimension output contract, mapped to the fields of `MtgDimensions`. */
const KEYS = [
  ['instruction_following', 'instructionFollowing'],
  ['correctness', 'correctness'],
  ['effectiveness', 'effectiveness'],
  ['readability', 'readability'],
  ['safety', 'safety'],
] as const;

export const MTG_DIMENSION_KEYS: readonly string[] = KEYS.map(([key]) => key);

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value.normalize('NFKC'))) return Number(value.normalize('NFKC'));
  return undefined;
}

function dimensionsOf(o: JsonObject): MtgDimensions | string {
  const out: Record<string, number> = {};
  for (const [key, field] of KEYS) {
    if (!(key in o)) return `"${key}" is missing`;
    const value = numberOf(o[key]);
    const ok = value !== undefined && (key === 'safety' ? value === 0 || value === 1 : value >= 0 && value <= 5);
    if (!ok) return `"${key}" is ${JSON.stringify(o[key])}, expected ${key === 'safety' ? '0 or 1' : 'a number from 0 to 5'}`;
    out[field] = value;
  }
  return out as unknown as MtgDimensions;
}

/**
 * Reads the five MTG dimensions from a judge reply in dimension mode. JSON only (whole reply, fenced block or
 * embedded object): five numbers are too many to pick reliably out of prose. Disagreeing objects are invalid.
 */
export function parseMtgDimensionsOutput(text: string): MtgVerdict {
  if (text.trim() === '') return { valid: false, reason: 'empty output' };
  const json = findJsonObjects(text, (o) => KEYS.some(([key]) => key in o));
  if (!json) return { valid: false, reason: 'no JSON object with the MTG dimensions found in the output' };
  const parsed = json.objects.map(dimensionsOf);
  const problem = parsed.find((p): p is string => typeof p === 'string');
  if (problem !== undefined) return { valid: false, reason: problem };
  if (new Set(parsed.map((p) => JSON.stringify(p))).size > 1) return { valid: false, reason: 'conflicting dimension scores' };
  return { valid: true, dimensions: parsed[0] as MtgDimensions, rationale: rationaleOf(json.objects[0]!), via: json.via };
}

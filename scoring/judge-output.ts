/**
 * Reads the score out of a judge's reply. The caller passes only the judge's output, never the prompt or the
 * answer under test, so any score found here was written by the judge (or quoted by it, which the rules below
 * are built to survive).
 *
 * Order of trust: JSON (the whole reply; else ```json blocks; else `{…}` spans that have a score key), then
 * textual patterns: `[4]`, `【4】`, `得分: 4`, `评分：4分`, `最终得分为4`, `Score: 4/5`, `score = 4`. Full-width
 * digits and punctuation are folded (NFKC) before the patterns run.
 *
 * Decisions:
 * - Decimal scores (3.5) are accepted as given when within range, not rounded: rounding would move answers across
 *   the usability threshold in a direction the judge did not choose.
 * - Several different scores (two JSON objects, `[3]` and `[5]`, `Score: 3 … Score: 5`) make the output invalid:
 *   there is no principled way to pick one, and a quoted answer is the usual source of the second.
 * - A reply that is JSON as a whole is read as JSON only; a missing or bad score field there is invalid rather
 *   than re-read by patterns that could pick a number out of the rationale.
 * - Invalid is never 0: callers record null.
 */
import { findJsonObjects, parseJsonLenient, type JsonObject, type JsonVia } from './json-candidates.js';

export interface ScoreRange {
  min: number;
  max: number;
}

export type JudgeVerdict =
  | { valid: true; score: number; rationale: string; via: JsonVia | 'bare-number' | 'pattern' }
  | { valid: false; reason: string };

export const JUDGE_SCORE_RANGE: ScoreRange = { min: 0, max: 5 };

const SCORE_KEYS = ['score', 'Score', '得分', '评分', '分数'];
const RATIONALE_KEYS = ['rationale', 'reason', 'reasoning', '判断依据', '理由', '评分理由'];
const NUMBER = '(-?\\d+(?:\\.\\d+)?)';
// A score value written as text inside JSON: "4", "[4]", "4分", "4/5".
const SCORE_TEXT = new RegExp(`^[\\[【(]?\\s*${NUMBER}\\s*(?:分|points?)?\\s*(?:/\\s*(\\d+))?\\s*[\\]】)]?$`, 'i');
const LABELLED = new RegExp(`(?:\\bscore\\b|得分|评分|分数|打分)\\s*["'”]?\\s*(?:[:=]|is|为|是)?\\s*["'“\\[【(]*\\s*${NUMBER}\\s*分?\\s*(?:/\\s*(\\d+))?`, 'gi');
const BRACKETED = new RegExp(`[\\[【]\\s*${NUMBER}\\s*分?\\s*[\\]】]`, 'g');

interface Found {
  value: number;
  /** the `/N` written after the score, if any */
  outOf?: number;
}

type Check = { ok: true; value: number } | { ok: false; reason: string };

function foundFrom(match: RegExpMatchArray): Found {
  return match[2] === undefined ? { value: Number(match[1]) } : { value: Number(match[1]), outOf: Number(match[2]) };
}

/** One score from several sightings: they must agree, be on the judge's scale, and lie in range. */
function settle(found: readonly Found[], range: ScoreRange): Check {
  const scale = found.find((f) => f.outOf !== undefined && f.outOf !== range.max);
  if (scale) return { ok: false, reason: `score ${scale.value}/${scale.outOf} is not on the ${range.min}–${range.max} scale` };
  const values = [...new Set(found.map((f) => f.value))];
  if (values.length > 1) return { ok: false, reason: `conflicting scores: ${values.join(', ')}` };
  const value = values[0]!;
  if (value < range.min || value > range.max) return { ok: false, reason: `score ${value} is outside ${range.min}–${range.max}` };
  return { ok: true, value };
}

function scoreFieldOf(o: JsonObject): unknown {
  return o[SCORE_KEYS.find((k) => k in o) ?? ''];
}

function hasScoreField(o: JsonObject): boolean {
  return SCORE_KEYS.some((k) => k in o);
}

function scoreFromField(value: unknown): Found | string {
  if (typeof value === 'number' && Number.isFinite(value)) return { value };
  const match = typeof value === 'string' ? SCORE_TEXT.exec(value.normalize('NFKC').trim()) : null;
  return match ? foundFrom(match) : `score field ${JSON.stringify(value) ?? String(value)} is not a number`;
}

export function rationaleOf(o: JsonObject): string {
  const value = RATIONALE_KEYS.map((k) => o[k]).find((v) => typeof v === 'string');
  return typeof value === 'string' ? value.trim() : '';
}

function fromJson(objects: readonly JsonObject[], via: JsonVia, range: ScoreRange): JudgeVerdict {
  if (!objects.some(hasScoreField)) return { valid: false, reason: 'JSON output has no "score" field' };
  const found: Found[] = [];
  for (const o of objects) {
    const score = scoreFromField(scoreFieldOf(o));
    if (typeof score === 'string') return { valid: false, reason: score };
    found.push(score);
  }
  const settled = settle(found, range);
  return settled.ok ? { valid: true, score: settled.value, rationale: rationaleOf(objects[0]!), via } : { valid: false, reason: settled.reason };
}

export function parseJudgeOutput(text: string, range: ScoreRange = JUDGE_SCORE_RANGE): JudgeVerdict {
  const trimmed = text.trim();
  if (trimmed === '') return { valid: false, reason: 'empty output' };

  const bare = parseJsonLenient(trimmed);
  if (typeof bare?.value === 'number') {
    const settled = settle([{ value: bare.value }], range);
    return settled.ok ? { valid: true, score: settled.value, rationale: '', via: 'bare-number' } : { valid: false, reason: settled.reason };
  }

  const json = findJsonObjects(trimmed, hasScoreField);
  if (json) return fromJson(json.objects, json.via, range);

  const folded = trimmed.normalize('NFKC');
  const found = [...folded.matchAll(LABELLED), ...folded.matchAll(BRACKETED)].map(foundFrom);
  if (found.length === 0) return { valid: false, reason: 'no score found in the output' };
  const settled = settle(found, range);
  return settled.ok ? { valid: true, score: settled.value, rationale: trimmed, via: 'pattern' } : { valid: false, reason: settled.reason };
}

import type { ScoreBand } from '../sampling/types.js';
import type { ModelCell, QuestionRow } from './summary-types.js';

export const BANDS: readonly ScoreBand[] = ['low', 'near', 'high', 'none'];
export const DISAGREEMENTS = ['rounds', 'physicians', 'any'] as const;
export type Disagreement = (typeof DISAGREEMENTS)[number];

/** The explorer's question filters, as query-string parameters so that a filtered list is a URL to share. */
export interface ExplorerFilters {
  category?: string;
  model?: string;
  band?: ScoreBand;
  /** rounds: the judge rounds flip; physicians: a physician disagrees with the judge; any: either */
  disagreement?: Disagreement;
  /** only questions with a failed call (judge or answer) */
  failed?: true;
  /** only questions with an unreadable verdict */
  invalid?: true;
  /** a question id or words of its text, case-insensitive */
  q?: string;
}

/** A refused filter value; the API answers 400 with this message, which names the parameter. */
export class InvalidFilterError extends Error {}


function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new InvalidFilterError(`${name}: expected one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** Reads the filters from a query string's values (first of repeated ones); blank values are no filter. */
export function parseFilters(query: Readonly<Record<string, unknown>>, known: { models: readonly string[]; categories: readonly string[] }): ExplorerFilters {
  const text = (name: string): string | undefined => {
    const raw = query[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new InvalidFilterError(`${name}: expected text`);
    return value.trim() || undefined;
  };
  const flag = (name: string): true | undefined => {
    const value = text(name);
    if (value === undefined || value === '0') return undefined;
    if (value !== '1') throw new InvalidFilterError(`${name}: expected 1 (or 0 for no filter), got "${value}"`);
    return true;
  };
  const filters: ExplorerFilters = {};
  const category = text('category');
  if (category !== undefined) filters.category = oneOf('category', category, known.categories);
  const model = text('model');
  if (model !== undefined) filters.model = oneOf('model', model, known.models);
  const band = text('band');
  if (band !== undefined) filters.band = oneOf('band', band, BANDS);
  const disagreement = text('disagreement');
  if (disagreement !== undefined) filters.disagreement = oneOf('disagreement', disagreement, DISAGREEMENTS);
  if (flag('failed')) filters.failed = true;
  if (flag('invalid')) filters.invalid = true;
  const q = text('q');
  if (q !== undefined) {
    if (q.length > 200) throw new InvalidFilterError('q: at most 200 characters');
    filters.q = q;
  }
  return filters;
}

/** The filters as a query string (`?…`, or empty), in a fixed order: the URL of a filtered list. */
export function filterQuery(filters: ExplorerFilters): string {
  const entries: [string, string][] = [];
  for (const name of ['category', 'model', 'band', 'disagreement', 'q'] as const) if (filters[name] !== undefined) entries.push([name, filters[name]]);
  for (const name of ['failed', 'invalid'] as const) if (filters[name]) entries.push([name, '1']);
  return entries.length > 0 ? `?${new URLSearchParams(entries).toString()}` : '';
}

function cellMatches(cell: ModelCell, f: ExplorerFilters): boolean {
  if (f.band !== undefined && cell.band !== f.band) return false;
  if (f.disagreement === 'rounds' && !cell.flip) return false;
  if (f.disagreement === 'physicians' && !cell.disagree) return false;
  if (f.disagreement === 'any' && !cell.flip && !cell.disagree) return false;
  if (f.failed && cell.failed === 0) return false;
  if (f.invalid && cell.invalid === 0) return false;
  return true;
}

/**
 * The rows the filters select. The per-model filters (band, disagreement, failed, invalid) hold for the chosen
 * model's cell, or without a model for one cell at least.
 */
export function filterRows(rows: readonly QuestionRow[], models: readonly string[], f: ExplorerFilters): QuestionRow[] {
  const modelIndex = f.model === undefined ? -1 : models.indexOf(f.model);
  const needle = f.q?.toLowerCase();
  return rows.filter((row) => {
    if (f.category !== undefined && row.category !== f.category) return false;
    if (needle !== undefined && !row.id.toLowerCase().includes(needle) && !row.problem.toLowerCase().includes(needle)) return false;
    if (modelIndex >= 0) return row.cells[modelIndex] !== undefined && cellMatches(row.cells[modelIndex], f);
    return row.cells.some((c) => cellMatches(c, f));
  });
}

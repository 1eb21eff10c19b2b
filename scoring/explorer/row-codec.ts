import type { ScoreBand } from '../sampling/types.js';
import type { ModelCell, QuestionRow } from './summary-types.js';

/**
 * A question row as a list document stores it: its cells packed into one string. A category of a 13-model campaign
 * has thousands of cells; FerretDB decodes one long string far faster than as many small objects.
 */
export interface PackedRow {
  id: string;
  category: string;
  problem: string;
  /** `mean|band|usable flip disagree|judged|invalid|failed|reviews` per model, `;` between models */
  cells: string;
}

const BAND_CODES: Record<ScoreBand, string> = { low: 'l', near: 'n', high: 'h', none: '-' };
const BAND_OF: Record<string, ScoreBand> = { l: 'low', n: 'near', h: 'high', '-': 'none' };
const bit = (b: boolean) => (b ? '1' : '0');

// String(number) is the shortest text that reads back as the same double, so a mean survives exactly
const packCell = (c: ModelCell) => [c.mean === null ? '' : String(c.mean), BAND_CODES[c.band], bit(c.usable) + bit(c.flip) + bit(c.disagree), c.judged, c.invalid, c.failed, c.reviews].join('|');

function unpackCell(text: string): ModelCell {
  const [mean, band, flags, judged, invalid, failed, reviews] = text.split('|') as [string, string, string, string, string, string, string];
  return {
    mean: mean === '' ? null : Number(mean),
    usable: flags[0] === '1',
    band: BAND_OF[band] ?? 'none',
    judged: Number(judged),
    invalid: Number(invalid),
    failed: Number(failed),
    flip: flags[1] === '1',
    reviews: Number(reviews),
    disagree: flags[2] === '1',
  };
}

export const packRow = (row: QuestionRow): PackedRow => ({ id: row.id, category: row.category, problem: row.problem, cells: row.cells.map(packCell).join(';') });

export const unpackRow = (row: PackedRow): QuestionRow => ({ id: row.id, category: row.category, problem: row.problem, cells: row.cells === '' ? [] : row.cells.split(';').map(unpackCell) });

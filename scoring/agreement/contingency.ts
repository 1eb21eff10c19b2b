/**
 * Chance-corrected agreement of two raters on q nominal categories, from their q × q table (rows one rater, columns
 * the other, categories in the same order). Proportions 0–1.
 *
 * - agreement: p_o = Σ diagonal / n
 * - Cohen's kappa: (p_o − p_e) / (1 − p_e), p_e = Σ_k row_k · col_k / n². Null when n = 0 or p_e = 1 (both raters put
 *   every subject in one and the same category: 0/0).
 * - Gwet's AC1 (Gwet 2008): p_e = Σ_k π_k (1 − π_k) / (q − 1), π_k = (row_k + col_k) / 2n. That p_e is at most
 *   1 − 1/q, so AC1 is null only when n = 0. Unlike kappa it does not collapse when one category dominates.
 */
export interface TableAgreement {
  n: number;
  agreement: number | null;
  kappa: number | null;
  ac1: number | null;
}

export function tableAgreement(table: ReadonlyArray<ReadonlyArray<number>>): TableAgreement {
  const q = table.length;
  if (q < 2 || table.some((row) => row.length !== q)) throw new Error(`agreement table must be square with at least 2 categories`);
  const rows = table.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = table[0]!.map((_, j) => table.reduce((sum, row) => sum + row[j]!, 0));
  const n = rows.reduce((a, b) => a + b, 0);
  if (n === 0) return { n, agreement: null, kappa: null, ac1: null };
  const po = table.reduce((sum, row, i) => sum + row[i]!, 0) / n;
  const cohenPe = rows.reduce((sum, r, k) => sum + r * cols[k]!, 0) / n ** 2;
  const gwetPe = rows.reduce((sum, r, k) => {
    const pi = (r + cols[k]!) / (2 * n);
    return sum + pi * (1 - pi);
  }, 0) / (q - 1);
  return {
    n,
    agreement: po,
    kappa: cohenPe === 1 ? null : (po - cohenPe) / (1 - cohenPe),
    ac1: (po - gwetPe) / (1 - gwetPe),
  };
}

/**
 * ICC(A,1) of McGraw & Wong (1996): two-way model, absolute agreement, single rater (Shrout & Fleiss's ICC(2,1)).
 * `rows` are targets (answers), columns raters; only complete rows are used, since the two-way ANOVA needs every rater
 * on every target (a row with a null is left out whole). With n rows, k raters and the mean squares of rows (MSR),
 * columns (MSC) and residual (MSE):
 *   ICC(A,1) = (MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE) / n).
 * Null with fewer than two complete rows or raters, or a zero denominator (no variation at all).
 */
export function iccAbsoluteAgreement(rows: ReadonlyArray<ReadonlyArray<number | null>>): number | null {
  const complete = rows.filter((row): row is readonly number[] => row.every((v) => v !== null));
  const n = complete.length;
  const k = complete[0]?.length ?? 0;
  if (complete.some((row) => row.length !== k)) throw new Error('ICC: every row needs the same raters');
  if (n < 2 || k < 2) return null;
  const grand = complete.flat().reduce((a, b) => a + b, 0) / (n * k);
  const rowMeans = complete.map((row) => row.reduce((a, b) => a + b, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => complete.reduce((sum, row) => sum + row[j]!, 0) / n);
  const ssTotal = complete.flat().reduce((sum, v) => sum + (v - grand) ** 2, 0);
  const ssRows = k * rowMeans.reduce((sum, m) => sum + (m - grand) ** 2, 0);
  const ssCols = n * colMeans.reduce((sum, m) => sum + (m - grand) ** 2, 0);
  const msr = ssRows / (n - 1);
  const msc = ssCols / (k - 1);
  const mse = (ssTotal - ssRows - ssCols) / ((n - 1) * (k - 1));
  const denominator = msr + (k - 1) * mse + (k * (msc - mse)) / n;
  return denominator === 0 ? null : (msr - mse) / denominator;
}

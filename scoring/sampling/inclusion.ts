/**
 * First-order inclusion probability of an answer in a stratum where n_h of N_h are drawn, when an audit slice then
 * draws `auditSize` (a) of the `unchosen` answers (N − n) that no stratum chose: π = n_h/N_h + (1 − n_h/N_h)·a/(N − n).
 * Exact, because n_h, N − n and a are fixed by the design (not by the draw), so whatever the strata picked, each
 * answer they left out has the same a/(N − n) chance in the audit.
 */
export function inclusionProbability(stratumSampled: number, stratumPopulation: number, auditSize: number, unchosen: number): number {
  const inStratum = stratumSampled / stratumPopulation;
  if (auditSize === 0) return inStratum;
  return inStratum + (1 - inStratum) * (auditSize / unchosen);
}

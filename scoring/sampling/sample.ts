import { deriveSeed } from '../prng.js';
import { allocateStrata } from './allocate.js';
import { inclusionProbability } from './inclusion.js';
import { resolveSamplingOptions } from './options.js';
import { seededDraw } from './seeded-draw.js';
import { buildStrata, byCodeUnits, type Stratum } from './strata.js';
import type { ReviewSample, SampledItem, SampleReason, SamplingCandidate, SamplingOptions, StratumSummary } from './types.js';

/** The audit stream's label; stratum keys always contain "|", so it cannot be one. */
const AUDIT_LABEL = 'audit';

/** Precedence when a stratum is both: disagreement (the judges themselves are unsure) before near-threshold. */
function stratumReason(s: Stratum): SampleReason {
  if (s.disagreement) return 'judge-disagreement';
  return s.band === 'near' ? 'near-threshold' : 'stratified';
}

/**
 * A stratified sample of answers for physician review, then a uniform audit slice from the rest. Pure and seeded:
 * each stratum draws from its own stream (deriveSeed(seed, key)) over its answers sorted by id, so input order and
 * other strata do not change its picks (beyond its own allocated size). A size above the candidates takes them all.
 */
export function sampleForReview(candidates: readonly SamplingCandidate[], options: SamplingOptions): ReviewSample {
  const o = resolveSamplingOptions(options);
  const strata = buildStrata(candidates, o);
  const population = candidates.length;
  const notes: string[] = [];
  const size = Math.min(o.size, population);
  if (o.size > population) notes.push(`size ${o.size} is more than the ${population} candidates: all are taken (π = 1)`);

  const plannedAudit = Math.round(o.auditShare * size);
  const sizes = allocateStrata(
    strata.map((s) => ({ key: s.key, population: s.members.length, weight: s.weight })),
    size - plannedAudit,
    o.strataSizes,
  );
  const stratified = [...sizes.values()].reduce((a, b) => a + b, 0);
  const auditSize = size - stratified;
  const unchosenCount = population - stratified;
  if (auditSize > plannedAudit) {
    notes.push(`the strata hold only ${stratified} of the ${size - plannedAudit} stratified answers: the audit slice takes ${auditSize} instead of ${plannedAudit}`);
  }

  const chosen = new Map<string, { stratum: Stratum; reason: SampleReason }>();
  const strataOf = new Map<string, Stratum>();
  for (const s of strata) {
    for (const id of s.members) strataOf.set(id, s);
    for (const id of seededDraw(s.members, sizes.get(s.key)!, deriveSeed(o.seed, s.key))) chosen.set(id, { stratum: s, reason: stratumReason(s) });
  }
  const unchosen = [...strataOf.keys()].filter((id) => !chosen.has(id)).sort(byCodeUnits);
  for (const id of seededDraw(unchosen, auditSize, deriveSeed(o.seed, AUDIT_LABEL))) chosen.set(id, { stratum: strataOf.get(id)!, reason: 'audit' });

  const audited = new Map<string, number>();
  for (const { stratum, reason } of chosen.values()) if (reason === 'audit') audited.set(stratum.key, (audited.get(stratum.key) ?? 0) + 1);
  const summaries: StratumSummary[] = strata.map((s) => ({
    stratum: s.key,
    category: s.category,
    model: s.model,
    band: s.band,
    disagreement: s.disagreement,
    weight: s.weight,
    population: s.members.length,
    sampled: sizes.get(s.key)!,
    audited: audited.get(s.key) ?? 0,
    inclusionProbability: inclusionProbability(sizes.get(s.key)!, s.members.length, auditSize, unchosenCount),
  }));
  const piOf = new Map(summaries.map((s) => [s.stratum, s.inclusionProbability]));
  const items: SampledItem[] = [...chosen.entries()]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([answerId, { stratum, reason }]) => ({ answerId, stratum: stratum.key, reason, inclusionProbability: piOf.get(stratum.key)! }));

  const unreachable = summaries.filter((s) => s.inclusionProbability === 0);
  if (unreachable.length > 0) {
    notes.push(`${unreachable.length} strata can never be drawn (no stratified pick and no audit slice): Horvitz–Thompson estimates leave out ${unreachable.map((s) => s.stratum).join(', ')}`);
  }
  return { items, strata: summaries, audit: { population: unchosenCount, size: auditSize }, perItem: o.perItem, notes };
}

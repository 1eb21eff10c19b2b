import type { BootstrapOptions } from '../bootstrap.js';
import { MTG_MAX_TOTAL, mtgUsable, type MtgDimensions } from '../mtg-total.js';
import type { SamplingCandidate } from '../sampling/types.js';
import { judgeDecision, type PhysicianReview, type ReviewedAnswer } from './reviewed-item.js';
import { agreementSummary, type AgreementSummary } from './summary.js';
import { correctedUsability, type UsabilityCorrection } from './usability-correction.js';

/** A sampled answer as the review stores it (a subset of the store's item document). */
export interface StoredItem {
  answerId: string;
  category: string;
  model: string;
  stratum: string;
  inclusionProbability: number;
}

/** A reviewer's blind first verdict as stored (for MTG with the five dimensions, `score` their 0–7 total). */
export interface StoredVerdict {
  answerId: string;
  reviewer: string;
  score: number;
  usable: boolean;
  dimensions?: MtgDimensions;
}

/** Everything a review's agreement is computed from, read by the caller. */
export interface ReviewRows {
  review: { reviewId: string; campaignId: string; status: string };
  items: readonly StoredItem[];
  submissions: readonly StoredVerdict[];
  /** every judged answer of the campaign, with its valid scores under the current templates: the PPI population */
  candidates: readonly SamplingCandidate[];
  /** judge template version per answer id */
  templateOf: ReadonlyMap<string, string>;
  /** the campaign's threshold, for a sampled answer without a current score */
  threshold: number;
}

/** Where a category's physician decision comes from: what they stated, or the five MTG dimensions (total ≥ 5). */
export type UsableSource = 'stated' | 'dimensions' | 'mixed';

export interface ReviewAgreement extends AgreementSummary {
  reviewId: string;
  campaignId: string;
  status: string;
  /** distinct physicians with a review */
  reviewers: number;
  humanUsableFrom: Record<string, UsableSource>;
  /** the judge's usability rate over all judged answers, corrected by the reviewed ones */
  ppi: UsabilityCorrection;
  /** what the intervals were computed with; null when none were */
  bootstrap: BootstrapOptions | null;
}

/**
 * The physician's usable decision: for an MTG review rated on the five dimensions the paper's mapping (total ≥ 5,
 * safety 0 vetoes), as LLMEval-Med derives MTG usability, rather than the box they ticked; otherwise what they stated.
 */
export const physicianUsable = (v: StoredVerdict): boolean => (v.dimensions ? mtgUsable(v.dimensions) : v.usable);

function usableSources(verdicts: readonly { category: string; verdict: StoredVerdict }[]): Record<string, UsableSource> {
  const seen = new Map<string, Set<'stated' | 'dimensions'>>();
  for (const { category, verdict } of verdicts) seen.set(category, (seen.get(category) ?? new Set()).add(verdict.dimensions ? 'dimensions' : 'stated'));
  return Object.fromEntries([...seen].map(([category, kinds]) => [category, kinds.size > 1 ? 'mixed' : [...kinds][0]!]));
}

/**
 * Agreement of a review from its stored rows: the judge's decision on each sampled answer (its current valid scores
 * against the threshold) against each physician's (`physicianUsable`), grouped as `agreementSummary` groups them, and
 * the usability rate per category corrected by the reviews (`correctedUsability`, human = share of reviewers saying
 * usable). Pure and JSON-serialisable.
 */
export function reviewAgreementOf(rows: ReviewRows, options: { bootstrap?: BootstrapOptions } = {}): ReviewAgreement {
  const candidates = new Map(rows.candidates.map((c) => [c.answerId, c]));
  const byAnswer = new Map<string, StoredVerdict[]>();
  for (const s of rows.submissions) byAnswer.set(s.answerId, [...(byAnswer.get(s.answerId) ?? []), s]);
  const verdicts = rows.items.flatMap((item) => (byAnswer.get(item.answerId) ?? []).map((verdict) => ({ category: item.category, verdict })));
  const answers = rows.items.map((item): ReviewedAnswer => {
    const c = candidates.get(item.answerId);
    const template = rows.templateOf.get(item.answerId);
    return {
      itemId: item.answerId,
      category: item.category,
      model: item.model,
      ...(template ? { templateVersion: template } : {}),
      judgeScores: c?.judgeScores ?? [],
      threshold: c?.threshold ?? rows.threshold,
      judgeScaleMax: c?.scaleMax ?? 5,
      scaleMax: item.category === 'MTG' ? MTG_MAX_TOTAL : 5,
      reviews: (byAnswer.get(item.answerId) ?? []).map((v): PhysicianReview => ({ reviewer: v.reviewer, score: v.score, usable: physicianUsable(v), ...(v.dimensions ? { dimensions: v.dimensions } : {}) })),
    };
  });
  const summary = agreementSummary(answers, options);
  // a sampled answer without a current score is a judged answer the judge did not find usable, as in the agreement
  const population = [
    ...rows.candidates.map((c) => ({ answerId: c.answerId, category: c.category, judgeUsable: judgeDecision(c.judgeScores, c.threshold).usable })),
    ...rows.items.filter((item) => !candidates.has(item.answerId)).map((item) => ({ answerId: item.answerId, category: item.category, judgeUsable: false })),
  ];
  const sample = rows.items.map((item) => {
    const votes = (byAnswer.get(item.answerId) ?? []).map(physicianUsable);
    return { ...item, humanShare: votes.length === 0 ? null : votes.filter(Boolean).length / votes.length };
  });
  return {
    ...rows.review,
    ...summary,
    reviewers: new Set(verdicts.map(({ verdict }) => verdict.reviewer)).size,
    humanUsableFrom: usableSources(verdicts),
    ppi: correctedUsability(population, sample, options.bootstrap?.level),
    bootstrap: options.bootstrap ?? null,
  };
}

import { exactMean } from '../exact-mean.js';
import { binaryAgreement, majority, type BinaryAgreement } from './binary.js';
import { meanAbsoluteDifference, quadraticWeightedKappa } from './ordinal.js';

/** One reviewed answer: the judge's valid scores over its rounds and each physician's verdict. */
export interface ReviewedAnswer {
  category: string;
  model: string;
  templateVersion?: string;
  judgeScores: readonly number[];
  /** usable at a judge mean ≥ threshold (4; 5 for MTG on 0–7) */
  threshold: number;
  /** top of the scale the physicians' scores are on (5; 7 for MTG dimensions) */
  scaleMax: number;
  /** top of the judge's scale; scores are compared (weighted kappa, MAD) only where both are on one scale */
  judgeScaleMax: number;
  reviews: readonly { reviewer: string; score: number; usable: boolean }[];
}

export interface AgreementCell extends BinaryAgreement {
  /** reviewed answers (n counts judge–physician pairs: one per review) */
  items: number;
  weightedKappa: number | null;
  /** mean |judge mean − physician score| */
  mad: number | null;
  /** judge against the physicians' majority, where an answer has two or more reviews; ties apart */
  majority?: BinaryAgreement & { ties: number };
  /** physician against physician on the same answer (every pair of its reviewers), where k ≥ 2 */
  physicians?: BinaryAgreement;
}

export interface AgreementSummary {
  items: number;
  reviews: number;
  overall: AgreementCell;
  perCategory: Record<string, AgreementCell>;
  perModel: Record<string, AgreementCell>;
  perTemplate: Record<string, AgreementCell>;
}

/** The judge's decision on an answer: its mean over valid rounds against the threshold; no valid score is not usable. */
export function judgeUsable(a: Pick<ReviewedAnswer, 'judgeScores' | 'threshold'>): boolean {
  return a.judgeScores.length > 0 && exactMean(a.judgeScores) >= a.threshold;
}

function cell(answers: readonly ReviewedAnswer[]): AgreementCell {
  const reviewed = answers.filter((a) => a.reviews.length > 0);
  const pairs = reviewed.flatMap((a) => a.reviews.map((r) => [judgeUsable(a), r.usable] as const));
  const scored = reviewed.filter((a) => a.judgeScores.length > 0 && a.judgeScaleMax === a.scaleMax);
  const scorePairs = scored.flatMap((a) => a.reviews.map((r) => [exactMean(a.judgeScores), r.score] as const));
  const maxScore = Math.max(0, ...scored.map((a) => a.scaleMax));
  const weightedKappa = scored.length > 0 && scored.every((a) => a.scaleMax === maxScore) ? quadraticWeightedKappa(scorePairs.map(([j, p]) => [Math.round(j), p] as const), maxScore) : null;
  const multi = reviewed.filter((a) => a.reviews.length >= 2);
  const out: AgreementCell = { ...binaryAgreement(pairs), items: reviewed.length, weightedKappa, mad: meanAbsoluteDifference(scorePairs) };
  if (multi.length > 0) {
    const decided = multi.map((a) => [judgeUsable(a), majority(a.reviews.map((r) => r.usable))] as const);
    const votes = decided.filter((d): d is readonly [boolean, boolean] => d[1] !== null);
    out.majority = { ...binaryAgreement(votes), ties: decided.length - votes.length };
    const sorted = (a: ReviewedAnswer) => [...a.reviews].sort((x, y) => (x.reviewer < y.reviewer ? -1 : 1));
    out.physicians = binaryAgreement(multi.flatMap((a) => sorted(a).flatMap((r, i, all) => all.slice(i + 1).map((s) => [r.usable, s.usable] as const))));
  }
  return out;
}

function grouped(answers: readonly ReviewedAnswer[], key: (a: ReviewedAnswer) => string | undefined): Record<string, AgreementCell> {
  const groups = new Map<string, ReviewedAnswer[]>();
  for (const a of answers) {
    const k = key(a);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  return Object.fromEntries([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, list]) => [k, cell(list)]));
}

/** Human–machine agreement per category, model, judge template version and overall. */
export function agreementSummary(answers: readonly ReviewedAnswer[]): AgreementSummary {
  return {
    items: answers.filter((a) => a.reviews.length > 0).length,
    reviews: answers.reduce((n, a) => n + a.reviews.length, 0),
    overall: cell(answers),
    perCategory: grouped(answers, (a) => a.category),
    perModel: grouped(answers, (a) => a.model),
    perTemplate: grouped(answers, (a) => a.templateVersion),
  };
}

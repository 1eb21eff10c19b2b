import type { BootstrapOptions, Interval } from '../bootstrap.js';
import { binaryAgreement, judgeVsMajority, type BinaryAgreement, type DecisionPair, type MajorityAgreement } from './binary.js';
import { bootstrapItemsCI } from './bootstrap-ci.js';
import { iccAbsoluteAgreement } from './icc.js';
import { krippendorffAlpha } from './krippendorff.js';
import { meanAbsoluteDifference, quadraticWeightedKappa } from './ordinal.js';
import { physicianAgreement, type PhysicianAgreement } from './pairwise.js';
import type { AnswerView } from './reviewed-item.js';

/** The statistics that get a bootstrap interval, by the GroupAgreement field they belong to. */
export const INTERVAL_STATISTICS = ['agreement', 'kappa', 'ac1', 'weightedKappa', 'mad', 'icc', 'alphaPhysicians', 'alphaWithJudge', 'majorityAgreement', 'physiciansAgreement'] as const;
export type IntervalStatistic = (typeof INTERVAL_STATISTICS)[number];

/**
 * Agreement in one group of reviewed answers. The top-level n, agreement, kappa, ac1 and confusion are the judge against
 * EACH review (an answer with two reviews gives two pairs); `majority` is the judge against the reviewers' majority and
 * `physicians` the reviewers among themselves, both on the answers with k ≥ 2, so the two can be read side by side.
 *
 * Score statistics compare the judge's mean with each physician's score, on answers where both are on one scale:
 * `weightedKappa` and ordinal alpha treat scores as categories, so the judge's mean is rounded to the nearest point
 * (half up) there; `mad` and `icc` (ICC(A,1), rows = the judge–physician pairs) use the exact mean. `alphaPhysicians`
 * is ordinal alpha across the physicians only, `alphaWithJudge` the same with the judge as one more rater.
 * A group that mixes scales (MTG's 0–7 with 0–5) has null score statistics: summarise the answers of one scale instead.
 */
export interface GroupAgreement extends BinaryAgreement {
  items: number;
  reviews: number;
  /** answers without a valid judge score: the judge's decision counts as not usable */
  noJudgeScore: number;
  majority: MajorityAgreement;
  physicians: PhysicianAgreement;
  /** the physicians' scale maximum, null when the group mixes scales */
  scaleMax: number | null;
  /** judge–physician score pairs behind weightedKappa, mad and icc */
  scorePairs: number;
  weightedKappa: number | null;
  mad: number | null;
  icc: number | null;
  alphaPhysicians: number | null;
  alphaWithJudge: number | null;
  /**
   * percentile-bootstrap intervals resampling answers, when asked for; `majorityAgreement` is `majority.agreement`'s,
   * `physiciansAgreement` is `physicians.agreement`'s
   */
  ci?: Record<IntervalStatistic, Interval | null>;
}

const decisionPairs = (views: readonly AnswerView[]): DecisionPair[] =>
  views.flatMap((v) => v.votes.map((physician): DecisionPair => [v.judgeUsable, physician]));

/** Judge–physician score pairs, on one scale only (none when the group mixes scales or the judge has no mean). */
const scorePairsOf = (views: readonly AnswerView[], scaleMax: number | null) =>
  scaleMax === null ? [] : views.flatMap((v) => (v.judgeOnScale === null ? [] : v.scores.map((s) => [v.judgeOnScale!, s] as const)));

const rounded = (v: AnswerView) => (v.judgeOnScale === null ? [] : [Math.round(v.judgeOnScale)]);

/** Each statistic as a function of a sample of answers, so the estimate and its bootstrap share one definition. */
const STATISTICS: Record<IntervalStatistic, (views: readonly AnswerView[], scaleMax: number | null) => number | null> = {
  agreement: (views) => binaryAgreement(decisionPairs(views)).agreement,
  kappa: (views) => binaryAgreement(decisionPairs(views)).kappa,
  ac1: (views) => binaryAgreement(decisionPairs(views)).ac1,
  weightedKappa: (views, scaleMax) => (scaleMax === null ? null : quadraticWeightedKappa(scorePairsOf(views, scaleMax).map(([j, s]) => [Math.round(j), s]), scaleMax)),
  mad: (views, scaleMax) => meanAbsoluteDifference(scorePairsOf(views, scaleMax)),
  icc: (views, scaleMax) => iccAbsoluteAgreement(scorePairsOf(views, scaleMax)),
  alphaPhysicians: (views, scaleMax) => (scaleMax === null ? null : krippendorffAlpha(views.map((v) => v.scores), 'ordinal')),
  alphaWithJudge: (views, scaleMax) => (scaleMax === null ? null : krippendorffAlpha(views.map((v) => [...rounded(v), ...v.scores]), 'ordinal')),
  majorityAgreement: (views) => judgeVsMajority(views.map((v) => ({ judge: v.judgeUsable, votes: v.votes }))).agreement,
  physiciansAgreement: (views) => physicianAgreement(views.map((v) => v.votes)).agreement,
};

export function groupAgreement(views: readonly AnswerView[], label: string, bootstrap?: BootstrapOptions): GroupAgreement {
  const scales = new Set(views.map((v) => v.answer.scaleMax));
  const scaleMax = scales.size === 1 ? views[0]!.answer.scaleMax : null;
  const result: GroupAgreement = {
    items: views.length,
    reviews: views.reduce((sum, v) => sum + v.votes.length, 0),
    noJudgeScore: views.filter((v) => v.judgeMean === null).length,
    ...binaryAgreement(decisionPairs(views)),
    majority: judgeVsMajority(views.map((v) => ({ judge: v.judgeUsable, votes: v.votes }))),
    physicians: physicianAgreement(views.map((v) => v.votes)),
    scaleMax,
    scorePairs: scorePairsOf(views, scaleMax).length,
    weightedKappa: STATISTICS.weightedKappa(views, scaleMax),
    mad: STATISTICS.mad(views, scaleMax),
    icc: STATISTICS.icc(views, scaleMax),
    alphaPhysicians: STATISTICS.alphaPhysicians(views, scaleMax),
    alphaWithJudge: STATISTICS.alphaWithJudge(views, scaleMax),
  };
  if (!bootstrap) return result;
  // the resamples keep the group's scale: a resample of one-scale answers stays on that scale
  const interval = (stat: IntervalStatistic) => bootstrapItemsCI(views, (sample) => STATISTICS[stat](sample, scaleMax), `${label}|${stat}`, bootstrap).interval;
  return { ...result, ci: Object.fromEntries(INTERVAL_STATISTICS.map((stat) => [stat, interval(stat)])) as Record<IntervalStatistic, Interval | null> };
}

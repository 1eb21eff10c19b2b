import type { BootstrapOptions, Interval } from '../bootstrap.js';
import { binaryAgreement, judgeVsMajority, type BinaryAgreement, type DecisionPair, type MajorityAgreement } from './binary.js';
import { bootstrapItemsCI } from './bootstrap-ci.js';
import { iccAbsoluteAgreement } from './icc.js';
import { krippendorffAlpha } from './krippendorff.js';
import { meanAbsoluteDifference, quadraticWeightedKappa } from './ordinal.js';
import { physicianAgreement, type PhysicianAgreement } from './pairwise.js';
import type { AnswerView } from './reviewed-item.js';

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
  /** percentile-bootstrap intervals resampling answers, when asked for */
  ci?: { agreement: Interval | null; kappa: Interval | null; ac1: Interval | null };
}

const decisionPairs = (views: readonly AnswerView[]): DecisionPair[] =>
  views.flatMap((v) => v.votes.map((physician): DecisionPair => [v.judgeUsable, physician]));

export function groupAgreement(views: readonly AnswerView[], label: string, bootstrap?: BootstrapOptions): GroupAgreement {
  const scales = new Set(views.map((v) => v.answer.scaleMax));
  const scaleMax = scales.size === 1 ? views[0]!.answer.scaleMax : null;
  const scored = scaleMax === null ? [] : views.filter((v) => v.judgeOnScale !== null);
  const scorePairs = scored.flatMap((v) => v.scores.map((s) => [v.judgeOnScale!, s] as const));
  const rounded = (v: AnswerView) => (v.judgeOnScale === null ? [] : [Math.round(v.judgeOnScale)]);
  const result: GroupAgreement = {
    items: views.length,
    reviews: views.reduce((sum, v) => sum + v.votes.length, 0),
    noJudgeScore: views.filter((v) => v.judgeMean === null).length,
    ...binaryAgreement(decisionPairs(views)),
    majority: judgeVsMajority(views.map((v) => ({ judge: v.judgeUsable, votes: v.votes }))),
    physicians: physicianAgreement(views.map((v) => v.votes)),
    scaleMax,
    scorePairs: scorePairs.length,
    weightedKappa: scaleMax === null ? null : quadraticWeightedKappa(scorePairs.map(([j, s]) => [Math.round(j), s]), scaleMax),
    mad: meanAbsoluteDifference(scorePairs),
    icc: iccAbsoluteAgreement(scorePairs),
    alphaPhysicians: scaleMax === null ? null : krippendorffAlpha(views.map((v) => v.scores), 'ordinal'),
    alphaWithJudge: scaleMax === null ? null : krippendorffAlpha(views.map((v) => [...rounded(v), ...v.scores]), 'ordinal'),
  };
  if (!bootstrap) return result;
  const interval = (stat: 'agreement' | 'kappa' | 'ac1') =>
    bootstrapItemsCI(views, (sample) => binaryAgreement(decisionPairs(sample))[stat], `${label}|${stat}`, bootstrap).interval;
  return { ...result, ci: { agreement: interval('agreement'), kappa: interval('kappa'), ac1: interval('ac1') } };
}

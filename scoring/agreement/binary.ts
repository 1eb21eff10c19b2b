import { tableAgreement } from './contingency.js';

/**
 * Agreement on the usable / not usable decision between the judge and physicians, the physicians as the reference.
 * confusion = [[tp, fn], [fp, tn]]: rows the physician (usable, not), columns the judge (usable, not); tp both usable,
 * fn physician usable and judge not, fp judge usable and physician not, tn neither. `agreement` is the paper's
 * human–machine agreement; kappa and AC1 as in `tableAgreement` (null where undefined).
 */
export type Confusion = [[tp: number, fn: number], [fp: number, tn: number]];

export type DecisionPair = readonly [judge: boolean, physician: boolean];

export interface BinaryAgreement {
  n: number;
  agreement: number | null;
  kappa: number | null;
  ac1: number | null;
  confusion: Confusion;
}

export function confusionMatrix(pairs: readonly DecisionPair[]): Confusion {
  const confusion: Confusion = [[0, 0], [0, 0]];
  for (const [judge, physician] of pairs) confusion[physician ? 0 : 1][judge ? 0 : 1]++;
  return confusion;
}

export function binaryAgreement(pairs: readonly DecisionPair[]): BinaryAgreement {
  const confusion = confusionMatrix(pairs);
  const { n, agreement, kappa, ac1 } = tableAgreement(confusion);
  return { n, agreement, kappa, ac1, confusion };
}

/** The reviewers' majority on an item: null on a tie (and without votes), which is neither agreement nor disagreement. */
export function majority(votes: readonly boolean[]): boolean | null {
  const yes = votes.filter(Boolean).length;
  const no = votes.length - yes;
  return yes === no ? null : yes > no;
}

export interface MajorityAgreement extends BinaryAgreement {
  /** items with at least two reviews */
  items: number;
  /** of those, items whose reviewers split evenly: left out of n */
  ties: number;
}

/** The judge against the physicians' majority, on the items with k ≥ 2 reviews (with one review it is that review). */
export function judgeVsMajority(items: readonly { judge: boolean; votes: readonly boolean[] }[]): MajorityAgreement {
  const multi = items.filter((item) => item.votes.length >= 2);
  const pairs = multi.flatMap(({ judge, votes }): DecisionPair[] => {
    const physician = majority(votes);
    return physician === null ? [] : [[judge, physician]];
  });
  return { items: multi.length, ties: multi.length - pairs.length, ...binaryAgreement(pairs) };
}

import { binaryAgreement, type BinaryAgreement } from './binary.js';

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
  const pairs = multi.flatMap(({ judge, votes }) => {
    const physician = majority(votes);
    return physician === null ? [] : [{ judge, physician }];
  });
  return { items: multi.length, ties: multi.length - pairs.length, ...binaryAgreement(pairs) };
}

import { tableAgreement, type TableAgreement } from './contingency.js';

export interface PhysicianAgreement extends TableAgreement {
  /** items with at least two reviews; n counts the unordered reviewer pairs on them (k reviews give k(k − 1)/2) */
  items: number;
}

/**
 * Agreement between physicians on the usable decision, over every pair of reviewers of an item, each pair weighted
 * equally. Reviewers are interchangeable (no "first" one), so each pair enters the 2 × 2 table both ways: the table
 * is symmetric, its kappa is Scott's π, and agreement and AC1 are those of the unordered pairs.
 */
export function physicianAgreement(votesPerItem: readonly (readonly boolean[])[]): PhysicianAgreement {
  const table = [[0, 0], [0, 0]];
  let items = 0;
  for (const votes of votesPerItem) {
    if (votes.length < 2) continue;
    items++;
    for (let i = 0; i < votes.length; i++) {
      for (let j = i + 1; j < votes.length; j++) {
        const a = votes[i] ? 0 : 1;
        const b = votes[j] ? 0 : 1;
        table[a]![b]!++;
        table[b]![a]!++;
      }
    }
  }
  const both = tableAgreement(table);
  return { ...both, n: both.n / 2, items };
}

import { tableAgreement } from './contingency.js';

/**
 * Agreement on the usable / not usable decision between the judge and physicians, the physicians as the reference.
 * confusion = [[tp, fn], [fp, tn]]: rows the physician (usable, not), columns the judge (usable, not); tp both usable,
 * fn physician usable and judge not, fp judge usable and physician not, tn neither. `agreement` is the paper's
 * human–machine agreement; kappa and AC1 as in `tableAgreement` (null where undefined).
 */
export type Confusion = [[tp: number, fn: number], [fp: number, tn: number]];

export interface BinaryAgreement {
  n: number;
  agreement: number | null;
  kappa: number | null;
  ac1: number | null;
  confusion: Confusion;
}

export interface DecisionPair {
  judge: boolean;
  physician: boolean;
}

export function confusionMatrix(pairs: readonly DecisionPair[]): Confusion {
  const confusion: Confusion = [[0, 0], [0, 0]];
  for (const { judge, physician } of pairs) confusion[physician ? 0 : 1][judge ? 0 : 1]++;
  return confusion;
}

export function binaryAgreement(pairs: readonly DecisionPair[]): BinaryAgreement {
  const confusion = confusionMatrix(pairs);
  const { n, agreement, kappa, ac1 } = tableAgreement(confusion);
  return { n, agreement, kappa, ac1, confusion };
}

import { CATEGORY_CODES } from '../../dataset/categories.js';
import type { BootstrapOptions } from '../bootstrap.js';
import { groupAgreement, type GroupAgreement } from './group-stats.js';
import { viewAnswer, type AnswerView, type ReviewedAnswer } from './reviewed-item.js';

export type { ReviewedAnswer } from './reviewed-item.js';

export interface AgreementSummary {
  /** reviewed answers (with at least one review) and their reviews */
  items: number;
  reviews: number;
  overall: GroupAgreement;
  perCategory: Record<string, GroupAgreement>;
  perModel: Record<string, GroupAgreement>;
  /** per judge template version, over the answers that name one */
  perTemplate: Record<string, GroupAgreement>;
}

/** Keys in `order` first (in its order), then the others sorted: the dataset's category order, say. */
export function orderedKeys(keys: Iterable<string>, order: readonly string[] = []): string[] {
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Human–machine agreement overall and per category (the dataset's order, then any other), model and judge template
 * version (sorted); answers without a review yet are left out. Plain numbers, nulls and arrays, so it serialises to
 * JSON as it is. With `bootstrap`, each group gets intervals on its own stream (`overall|agreement`,
 * `category:MK|kappa`, `model:…|ac1`, `template:…|…`).
 */
export function agreementSummary(answers: readonly ReviewedAnswer[], options: { bootstrap?: BootstrapOptions } = {}): AgreementSummary {
  const ids = new Set<string>();
  for (const { itemId } of answers) {
    if (itemId === undefined) continue;
    if (ids.has(itemId)) throw new Error(`reviewed answer ${itemId} is listed twice`);
    ids.add(itemId);
  }
  const views = answers.map(viewAnswer).filter((v) => v.votes.length > 0);
  const groups = (keyOf: (v: AnswerView) => string | undefined, prefix: string, order: readonly string[] = []): Record<string, GroupAgreement> => {
    const byKey = new Map<string, AnswerView[]>();
    for (const v of views) {
      const key = keyOf(v);
      if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), v]);
    }
    return Object.fromEntries(orderedKeys(byKey.keys(), order).map((k) => [k, groupAgreement(byKey.get(k)!, `${prefix}:${k}`, options.bootstrap)]));
  };
  const overall = groupAgreement(views, 'overall', options.bootstrap);
  return {
    items: overall.items,
    reviews: overall.reviews,
    overall,
    perCategory: groups((v) => v.answer.category, 'category', CATEGORY_CODES),
    perModel: groups((v) => v.answer.model, 'model'),
    perTemplate: groups((v) => v.answer.templateVersion, 'template'),
  };
}

import type { Db } from 'mongodb';
import type { GroupAgreement } from '../scoring/agreement/group-stats.js';
import { reviewAgreement } from './review-agreement.js';

type Headline = Pick<GroupAgreement, 'n' | 'agreement' | 'kappa' | 'ac1' | 'confusion'>;

/** What the Temporal UI shows of a review's agreement: the headline numbers per category and overall, no texts. */
export interface ReviewMemo {
  items: number;
  reviews: number;
  overall: Headline;
  perCategory: Record<string, Headline>;
}

const headline = (g: GroupAgreement): Headline => ({ n: g.n, agreement: g.agreement, kappa: g.kappa, ac1: g.ac1, confusion: g.confusion });

export async function reviewMemo(db: Db, reviewId: string): Promise<ReviewMemo> {
  // the memo shows no intervals: the bootstrap would be seconds of work per refresh for nothing
  const a = await reviewAgreement(db, reviewId, { bootstrap: false });
  return { items: a.items, reviews: a.reviews, overall: headline(a.overall), perCategory: Object.fromEntries(Object.entries(a.perCategory).map(([k, g]) => [k, headline(g)])) };
}

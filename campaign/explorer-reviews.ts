import type { Db } from 'mongodb';
import { collections } from '../store/collections.js';
import type { ReviewFact } from '../store/explorer-docs.js';
import { recordReviewFact, type Placement } from '../store/explorer.js';
import type { ReviewItemDoc, ReviewSubmissionDoc } from '../store/review-docs.js';

/** What the explorer keeps of a physician's review: the blind first verdict, the latest revision's and the reason. */
export function reviewFact(s: ReviewSubmissionDoc, item: Pick<ReviewItemDoc, 'model' | 'sample'>, reviewerName: string): ReviewFact {
  const latest = s.revisions?.at(-1);
  return {
    reviewId: s.reviewId,
    answerId: s.answerId,
    model: item.model,
    sample: item.sample,
    reviewer: s.reviewer,
    reviewerName,
    score: s.score,
    usable: s.usable,
    ...(s.comment ? { comment: s.comment } : {}),
    revisions: s.revisions?.length ?? 0,
    ...(latest ? { latest: { score: latest.score, usable: latest.usable } } : {}),
    ...(s.disagreement ? { disagreement: { reason: s.disagreement.reason, ...(s.disagreement.note ? { note: s.disagreement.note } : {}) } } : {}),
    submittedAt: s.submittedAt,
  };
}

const placementOf = (campaignId: string, item: Pick<ReviewItemDoc, 'questionId' | 'category'>): Placement => ({ campaignId, questionId: item.questionId, category: item.category as Placement['category'] });

/** A stored submission (new, revised or with a reason) into its question's read model; its review and item are read by `_id`. */
export async function recordReviewSubmission(db: Db, submission: ReviewSubmissionDoc, reviewerName: string): Promise<void> {
  const { reviews, reviewItems } = collections(db);
  const [review, item] = await Promise.all([reviews.findOne({ _id: submission.reviewId }, { projection: { campaignId: 1 } }), reviewItems.findOne({ _id: `${submission.reviewId}/${submission.answerId}` })]);
  if (!review || !item) return;
  await recordReviewFact(db, placementOf(review.campaignId, item), submission._id, reviewFact(submission, item, reviewerName));
}

/** Every submission of a campaign's reviews as read-model facts, for a full rebuild. */
export async function campaignReviewFacts(db: Db, campaignId: string): Promise<{ where: Placement; assignmentId: string; fact: ReviewFact }[]> {
  const { reviews, reviewItems, reviewSubmissions, reviewers } = collections(db);
  const ids = (await reviews.find({ campaignId }, { projection: { _id: 1 } }).toArray()).map((r) => r._id);
  const perReview = await Promise.all(
    ids.map(async (reviewId) => {
      const [items, submissions, people] = await Promise.all([reviewItems.find({ reviewId }).toArray(), reviewSubmissions.find({ reviewId }).toArray(), reviewers.find({ reviewId }, { projection: { name: 1 } }).toArray()]);
      const itemOf = new Map(items.map((i) => [i.answerId, i]));
      const names = new Map(people.map((p) => [p._id, p.name]));
      return submissions.flatMap((s) => {
        const item = itemOf.get(s.answerId);
        return item ? [{ where: placementOf(campaignId, item), assignmentId: s._id, fact: reviewFact(s, item, names.get(s.reviewer) ?? s.reviewer) }] : [];
      });
    }),
  );
  return perReview.flat();
}

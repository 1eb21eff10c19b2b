import type { Db } from 'mongodb';
import { collections } from '../store/collections.js';
import type { ReviewAssignmentDoc } from '../store/review-docs.js';
import { assignmentId, openReviewDoc } from './review-access.js';

export interface ReassignInput {
  reviewId: string;
  from: string;
  to: string;
  /** how many of `from`'s pending answers move; all when absent */
  count?: number;
}

/**
 * The coordinator moves a reviewer's pending answers to another reviewer of the same review: never a submitted one,
 * never one the other already holds (k stays k distinct physicians). A later invite or revoke rebalances again.
 * Returns the answers moved.
 */
export async function reassignPending(db: Db, input: ReassignInput): Promise<number> {
  const review = await openReviewDoc(db, input.reviewId);
  if (input.from === input.to) throw new Error('--from and --to name the same reviewer');
  const { reviewers, reviewAssignments } = collections(db);
  const active = await reviewers.find({ _id: { $in: [input.from, input.to] }, reviewId: review._id }).toArray();
  for (const id of [input.from, input.to]) if (!active.some((r) => r._id === id)) throw new Error(`reviewer ${id} is not in review ${review._id}`);
  if (active.find((r) => r._id === input.to)?.revokedAt) throw new Error(`reviewer ${input.to} was revoked: pick an active reviewer for --to`);
  const held = new Set((await reviewAssignments.find({ reviewId: review._id, reviewer: input.to }, { projection: { answerId: 1 } }).toArray()).map((a) => a.answerId));
  const pending = await reviewAssignments.find({ reviewId: review._id, reviewer: input.from, status: 'pending' }).sort({ _id: 1 }).toArray();
  const moving = pending.filter((a) => !held.has(a.answerId)).slice(0, input.count ?? pending.length);
  if (moving.length === 0) return 0;
  const moved: ReviewAssignmentDoc[] = moving.map((a) => ({ _id: assignmentId(review._id, a.answerId, input.to), reviewId: review._id, answerId: a.answerId, reviewer: input.to, status: 'pending' }));
  // the new slots first: a move cut off half-way leaves an answer with one reviewer too many, never with none
  await reviewAssignments.insertMany(moved);
  await reviewAssignments.deleteMany({ _id: { $in: moving.map((a) => a._id) }, status: 'pending' });
  return moved.length;
}

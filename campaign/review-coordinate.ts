import type { Db } from 'mongodb';
import { collections } from '../store/collections.js';
import type { ReviewAssignmentDoc } from '../store/review-docs.js';
import { assignmentId, openReviewDoc, rebalanceAssignments } from './review-access.js';
import { loadCampaign } from './context.js';
import { drawReviewItems } from './review-sample.js';

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

/**
 * More answers for a review: the same design drawn again at the larger size (same seed), so each stratum's picks
 * extend its earlier ones and every item takes the larger design's inclusion probability. An earlier item the larger
 * draw would not pick (the allocation across strata can shift) stays, with its probability from before and a note
 * in the review. The new answers go to the active reviewers, balanced. Returns the answers added.
 */
export async function addReviewItems(db: Db, input: { reviewId: string; size: number }): Promise<{ added: number; items: number; notes: string[] }> {
  const review = await openReviewDoc(db, input.reviewId);
  if (!Number.isInteger(input.size) || input.size < 1) throw new Error(`--size: expected a positive integer of answers to add, got ${input.size}`);
  const campaign = await loadCampaign(db, review.campaignId);
  const design = { ...review.design, size: review.design.size + input.size };
  const { sample, items } = await drawReviewItems(db, campaign, review._id, design);
  const { reviews, reviewItems } = collections(db);
  const existing = new Set((await reviewItems.find({ reviewId: review._id }, { projection: { _id: 1 } }).toArray()).map((i) => i._id));
  const drawn = new Set(items.map((i) => i._id));
  const added = items.filter((i) => !existing.has(i._id));
  const kept = [...existing].filter((id) => !drawn.has(id));
  const notes = [...sample.notes, ...(kept.length > 0 ? [`${kept.length} earlier answers are not in the larger draw: they keep their earlier inclusion probabilities`] : [])];
  for (const item of items.filter((i) => existing.has(i._id))) await reviewItems.updateOne({ _id: item._id }, { $set: { inclusionProbability: item.inclusionProbability } });
  if (added.length > 0) await reviewItems.insertMany(added);
  const total = existing.size + added.length;
  await reviews.updateOne({ _id: review._id }, { $set: { design, strata: sample.strata, audit: sample.audit, notes: [...review.notes, ...notes], items: total } });
  await rebalanceAssignments(db, { ...review, design });
  return { added: added.length, items: total, notes };
}

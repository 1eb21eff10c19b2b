import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { checkId } from '../config/ids.js';
import { shortHash } from '../lib/content-hash.js';
import { derivedToken, newToken, sameToken, tokenDigest } from '../lib/tokens.js';
import { rebalanceReviewers, type ReviewAssignment } from '../scoring/sampling/assign-reviewers.js';
import { collections } from '../store/collections.js';
import type { ReviewAssignmentDoc, ReviewDoc, ReviewerDoc } from '../store/review-docs.js';

const DAY_MS = 86_400_000;

/** An assignment's public id: opaque, since the answer id it stands for names the model under review. */
export const assignmentId = (reviewId: string, answerId: string, reviewer: string): string => `a-${shortHash(`${reviewId}\n${answerId}\n${reviewer}`, 24)}`;
export const INVITE_TTL_MS = 14 * DAY_MS;
export const SESSION_TTL_MS = DAY_MS / 2;

export interface Invitation {
  reviewer: string;
  /** the single-use sign-in link; shown once */
  url: string;
  /** the reviewer's revocable API token; shown once */
  apiToken: string;
}

/** A review that still takes reviewers and reviews. */
export async function openReviewDoc(db: Db, reviewId: string): Promise<ReviewDoc> {
  const review = await collections(db).reviews.findOne({ _id: checkId('review id', reviewId) });
  if (!review) throw new Error(`review ${reviewId} does not exist`);
  if (review.status !== 'open') throw new Error(`review ${reviewId} is ${review.status}`);
  return review;
}

/**
 * Adds a physician to a review: a single-use sign-in link, an API token (both stored as digests only) and their
 * share of the sample, balanced with the other reviewers'.
 */
export async function inviteReviewer(db: Db, input: { reviewId: string; name: string; publicUrl: string; now?: Date }): Promise<Invitation> {
  const review = await openReviewDoc(db, input.reviewId);
  const name = input.name.trim();
  if (!name || name.length > 200) throw new Error('--name: give the reviewer\'s name (1 to 200 characters)');
  const base = new URL(input.publicUrl);
  const now = input.now ?? new Date();
  const reviewer = `r-${randomBytes(5).toString('hex')}`;
  const apiToken = newToken();
  const inviteToken = newToken();
  const { reviewers, reviewInvites } = collections(db);
  await reviewers.insertOne({ _id: reviewer, reviewId: review._id, name, apiTokenDigest: tokenDigest(apiToken), createdAt: now });
  await reviewInvites.insertOne({ _id: tokenDigest(inviteToken), reviewerId: reviewer, reviewId: review._id, createdAt: now, expiresAt: new Date(now.getTime() + INVITE_TTL_MS) });
  await rebalanceAssignments(db, review);
  const url = new URL('signin', base.href.endsWith('/') ? base : `${base.href}/`);
  url.searchParams.set('token', inviteToken);
  return { reviewer, url: url.href, apiToken };
}

/** Spends a sign-in link's token, once: the session it opens is the only thing it is ever good for. */
export async function spendInvite(db: Db, token: string, now = new Date()): Promise<{ sessionToken: string; reviewer: ReviewerDoc; expiresAt: Date } | null> {
  const { reviewInvites, reviewers, reviewSessions } = collections(db);
  const spent = await reviewInvites.findOneAndUpdate({ _id: tokenDigest(token), usedAt: { $exists: false }, expiresAt: { $gt: now } }, { $set: { usedAt: now } });
  if (!spent) return null;
  const reviewer = await reviewers.findOne({ _id: spent.reviewerId, revokedAt: { $exists: false } });
  if (!reviewer) return null;
  const sessionToken = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await reviewSessions.insertOne({ _id: tokenDigest(sessionToken), reviewerId: reviewer._id, createdAt: now, expiresAt });
  return { sessionToken, reviewer, expiresAt };
}

/** The reviewer behind a session cookie or an API token, or null: expired, revoked or unknown alike. */
export async function authenticate(db: Db, credentials: { sessionToken?: string; apiToken?: string }, now = new Date()): Promise<ReviewerDoc | null> {
  const { reviewers, reviewSessions } = collections(db);
  if (credentials.apiToken) return reviewers.findOne({ apiTokenDigest: tokenDigest(credentials.apiToken), revokedAt: { $exists: false } });
  if (!credentials.sessionToken) return null;
  const session = await reviewSessions.findOne({ _id: tokenDigest(credentials.sessionToken) });
  if (!session || session.expiresAt <= now) return null;
  return reviewers.findOne({ _id: session.reviewerId, revokedAt: { $exists: false } });
}

/** A session's CSRF token: derived from the session secret, so nothing more is stored and it dies with the session. */
export const csrfTokenFor = (sessionToken: string): string => derivedToken(sessionToken, 'csrf');
export const validCsrf = (sessionToken: string, given: string | undefined): boolean => given !== undefined && sameToken(csrfTokenFor(sessionToken), given);

/**
 * Ends a reviewer's access at once (sessions, unused links, API token) and hands their pending answers to others;
 * returns the review it was part of.
 */
export async function revokeReviewer(db: Db, reviewerId: string, now = new Date()): Promise<string> {
  const { reviewers, reviewInvites, reviewSessions, reviews } = collections(db);
  const reviewer = await reviewers.findOneAndUpdate({ _id: reviewerId, revokedAt: { $exists: false } }, { $set: { revokedAt: now } });
  if (!reviewer) throw new Error(`no active reviewer ${reviewerId}`);
  await reviewSessions.deleteMany({ reviewerId });
  await reviewInvites.deleteMany({ reviewerId, usedAt: { $exists: false } });
  const review = await reviews.findOne({ _id: reviewer.reviewId });
  if (review?.status === 'open') await rebalanceAssignments(db, review);
  return reviewer.reviewId;
}

/**
 * Brings a review's assignments in line with its active reviewers (each answer to k of them, or to all while
 * fewer than k are invited): pending slots move only where they must; submitted ones never do.
 */
export async function rebalanceAssignments(db: Db, review: ReviewDoc): Promise<void> {
  const { reviewers, reviewItems, reviewAssignments } = collections(db);
  const active = (await reviewers.find({ reviewId: review._id, revokedAt: { $exists: false } }, { projection: { _id: 1 } }).toArray()).map((r) => r._id).sort();
  if (active.length === 0) return;
  const k = Math.min(review.design.perItem, active.length);
  const existing = await reviewAssignments.find({ reviewId: review._id }).toArray();
  const done = existing.filter((a) => a.status === 'submitted').map((a) => ({ answerId: a.answerId, reviewer: a.reviewer }));
  const byAnswer = new Map<string, ReviewAssignmentDoc[]>();
  for (const a of existing) byAnswer.set(a.answerId, [...(byAnswer.get(a.answerId) ?? []), a]);
  const answers = (await reviewItems.find({ reviewId: review._id }, { projection: { answerId: 1 } }).toArray()).map((i) => i.answerId);
  const submitted = (answerId: string) => (byAnswer.get(answerId) ?? []).filter((s) => s.status === 'submitted');
  // answers with k submitted reviews are complete: nothing of theirs moves
  const current: ReviewAssignment[] = answers
    .filter((answerId) => submitted(answerId).length < k)
    .map((answerId) => {
      const pending = (byAnswer.get(answerId) ?? []).filter((s) => s.status === 'pending' && active.includes(s.reviewer));
      return { answerId, reviewers: [...submitted(answerId), ...pending].slice(0, k).map((s) => s.reviewer) };
    });
  const open = new Set(current.map((a) => a.answerId));
  const { assignments } = rebalanceReviewers(current, active, { perItem: k, seed: review.design.seed, done: done.filter((d) => open.has(d.answerId)) });
  const wanted = new Set(assignments.flatMap((a) => a.reviewers.map((r) => assignmentId(review._id, a.answerId, r))));
  const stale = existing.filter((a) => a.status === 'pending' && open.has(a.answerId) && !wanted.has(a._id)).map((a) => a._id);
  if (stale.length > 0) await reviewAssignments.deleteMany({ _id: { $in: stale } });
  const have = new Set(existing.map((a) => a._id));
  const added: ReviewAssignmentDoc[] = assignments.flatMap((a) =>
    a.reviewers.map((r) => ({ _id: assignmentId(review._id, a.answerId, r), reviewId: review._id, answerId: a.answerId, reviewer: r, status: 'pending' as const })).filter((d) => !have.has(d._id)),
  );
  if (added.length > 0) await reviewAssignments.insertMany(added);
}

/** A review's reviewers by id → name, revoked ones too (their submitted reviews still count). */
export async function reviewerNames(db: Db, reviewId: string): Promise<Record<string, string>> {
  const list = await collections(db).reviewers.find({ reviewId }, { projection: { name: 1 } }).toArray();
  return Object.fromEntries(list.map((r) => [r._id, r.name]));
}

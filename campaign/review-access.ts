import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { checkId } from '../config/ids.js';
import { shortHash } from '../lib/content-hash.js';
import { derivedToken, newToken, sameToken, tokenDigest } from '../lib/tokens.js';
import { rebalanceReviewers, type ReviewAssignment } from '../scoring/sampling/assign-reviewers.js';
import { collections } from '../store/collections.js';
import type { ReviewAssignmentDoc, ReviewDoc, ReviewerDoc } from '../store/review-docs.js';
import { accessStore, authenticateWith, issueInvite, revokePrincipal, signInUrl, spendInviteToken, type AccessStore, type SignInSecrets } from './access.js';

const DAY_MS = 86_400_000;

/** An assignment's public id: opaque, since the answer id it stands for names the model under review. */
export const assignmentId = (reviewId: string, answerId: string, reviewer: string): string => `a-${shortHash(`${reviewId}\n${answerId}\n${reviewer}`, 24)}`;
export const INVITE_TTL_MS = 14 * DAY_MS;
export const SESSION_TTL_MS = DAY_MS / 2;

/** The reviewers' access collections (their links and sessions name the reviewer in `reviewerId`). */
const reviewerAccess = (db: Db): AccessStore<ReviewerDoc> => {
  const { reviewers, reviewInvites, reviewSessions } = collections(db);
  return accessStore(reviewers, reviewInvites, reviewSessions, 'reviewerId');
};

/** A new reviewer: their id, and the link and token shown once. */
export interface Invitation extends SignInSecrets {
  reviewer: string;
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
  const now = input.now ?? new Date();
  const reviewer = `r-${randomBytes(5).toString('hex')}`;
  const apiToken = newToken();
  await collections(db).reviewers.insertOne({ _id: reviewer, reviewId: review._id, name, apiTokenDigest: tokenDigest(apiToken), createdAt: now });
  const inviteToken = await issueInvite(reviewerAccess(db), reviewer, INVITE_TTL_MS, now, { reviewId: review._id });
  await rebalanceAssignments(db, review);
  return { reviewer, url: signInUrl(input.publicUrl, inviteToken), apiToken };
}

/** Spends a sign-in link's token, once: the session it opens is the only thing it is ever good for. */
export async function spendInvite(db: Db, token: string, now = new Date()): Promise<{ sessionToken: string; reviewer: ReviewerDoc; expiresAt: Date } | null> {
  const session = await spendInviteToken(reviewerAccess(db), token, SESSION_TTL_MS, now);
  return session && { sessionToken: session.sessionToken, reviewer: session.principal, expiresAt: session.expiresAt };
}

/** The reviewer behind a session cookie or an API token, or null: expired, revoked or unknown alike. */
export const authenticate = (db: Db, credentials: { sessionToken?: string; apiToken?: string }, now = new Date()): Promise<ReviewerDoc | null> => authenticateWith(reviewerAccess(db), credentials, now);

/** A session's CSRF token: derived from the session secret, so nothing more is stored and it dies with the session. */
export const csrfTokenFor = (sessionToken: string): string => derivedToken(sessionToken, 'csrf');
export const validCsrf = (sessionToken: string, given: string | undefined): boolean => given !== undefined && sameToken(csrfTokenFor(sessionToken), given);

/**
 * Ends a reviewer's access at once (sessions, unused links, API token) and hands their pending answers to others;
 * returns the review it was part of.
 */
export async function revokeReviewer(db: Db, reviewerId: string, now = new Date()): Promise<string> {
  const reviewer = await revokePrincipal(reviewerAccess(db), reviewerId, now);
  if (!reviewer) throw new Error(`no active reviewer ${reviewerId}`);
  const { reviews } = collections(db);
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

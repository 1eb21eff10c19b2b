import { spawn } from 'node:child_process';
import type { Db } from 'mongodb';
import { collections } from '../store/collections.js';
import type { ReviewDoc } from '../store/review-docs.js';

export interface ReviewerBehind {
  reviewer: string;
  name: string;
  pending: number;
  submitted: number;
}

/** What a reminder says: ids, names and counts, never a token or a link that signs anyone in. */
export interface ReviewReminder {
  reviewId: string;
  campaignId: string;
  deadline?: string;
  /** the reviewer app's address, for the message to point at */
  publicUrl?: string;
  behind: ReviewerBehind[];
}

export type ReminderTarget = NonNullable<ReviewDoc['reminders']>;

const CALL_TIMEOUT_MS = 30_000;

/** Active reviewers with pending assignments, most behind first. */
export async function reviewersBehind(db: Db, reviewId: string): Promise<ReviewerBehind[]> {
  const { reviewers, reviewAssignments } = collections(db);
  const counts = new Map<string, { pending: number; submitted: number }>();
  for (const a of await reviewAssignments.find({ reviewId }, { projection: { reviewer: 1, status: 1 } }).toArray()) {
    const c = counts.get(a.reviewer) ?? { pending: 0, submitted: 0 };
    c[a.status]++;
    counts.set(a.reviewer, c);
  }
  const active = await reviewers.find({ reviewId, revokedAt: { $exists: false } }, { projection: { name: 1 } }).toArray();
  return active
    .map((r) => ({ reviewer: r._id, name: r.name, ...(counts.get(r._id) ?? { pending: 0, submitted: 0 }) }))
    .filter((r) => r.pending > 0)
    .sort((a, b) => b.pending - a.pending || (a.reviewer < b.reviewer ? -1 : 1));
}

async function postWebhook(url: string, reminder: ReviewReminder): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reminder), signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`reminder webhook ${new URL(url).origin} answered HTTP ${res.status}`);
}

/**
 * Runs the coordinator's command with the reminder as JSON on stdin. Its environment is PATH, HOME and the review
 * id only: the worker's provider keys are not the command's business.
 */
function runCommand(command: string, reminder: ReviewReminder): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', MEDEVAL_REVIEW_ID: reminder.reviewId };
    const child = spawn('/bin/sh', ['-c', command], { env, stdio: ['pipe', 'ignore', 'pipe'], timeout: CALL_TIMEOUT_MS });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-500);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`reminder command exited ${signal ?? code}${stderr ? `: ${stderr.trim()}` : ''}`))));
    child.stdin.end(JSON.stringify(reminder));
  });
}

/**
 * Tells the coordinator's webhook and/or command who is behind on a review (the review's own targets unless others
 * are given). Nothing is sent when nobody is behind; returns how many reviewers the reminder named.
 */
export async function sendReviewReminders(db: Db, input: { reviewId: string; target?: Partial<ReminderTarget>; publicUrl?: string }): Promise<{ behind: number; sentTo: string[] }> {
  const review = await collections(db).reviews.findOne({ _id: input.reviewId });
  if (!review) throw new Error(`review ${input.reviewId} does not exist`);
  const target = { ...review.reminders, ...input.target };
  if (!target.webhook && !target.command) throw new Error(`review ${input.reviewId} has no reminder webhook or command: set review.reminders in the campaign config, or give --webhook or --command`);
  const behind = await reviewersBehind(db, review._id);
  if (behind.length === 0) return { behind: 0, sentTo: [] };
  const reminder: ReviewReminder = { reviewId: review._id, campaignId: review.campaignId, ...(review.deadline ? { deadline: review.deadline.toISOString() } : {}), ...(input.publicUrl ? { publicUrl: input.publicUrl } : {}), behind };
  const sentTo: string[] = [];
  if (target.webhook) {
    await postWebhook(target.webhook, reminder);
    sentTo.push('webhook');
  }
  if (target.command) {
    await runCommand(target.command, reminder);
    sentTo.push('command');
  }
  return { behind: behind.length, sentTo };
}

import { MongoServerError, type Db } from 'mongodb';
import { mtgTotal, type MtgDimensions } from '../scoring/mtg-total.js';
import { collections } from '../store/collections.js';
import type { ReviewerDoc, ReviewSubmissionDoc } from '../store/review-docs.js';
import { assignmentView } from './review-view.js';

/** A submitted value that cannot be stored; the API answers 400 with this message, which names the field. */
export class InvalidReviewError extends Error {}

const MAX_COMMENT = 5_000;
const DIMENSIONS = ['instruction_following', 'correctness', 'effectiveness', 'readability'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const intIn = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

function fail(field: string, what: string): never {
  throw new InvalidReviewError(`${field}: ${what}`);
}

function checklistMarks(value: unknown, shown: { core: string[]; secondary: string[] }): { core: boolean[]; secondary: boolean[] } {
  if (!isRecord(value)) fail('checklist', 'expected {core: [true|false…], secondary: [true|false…]}');
  const marks = (section: 'core' | 'secondary') => {
    const list = value[section] ?? [];
    if (!Array.isArray(list) || list.some((m) => typeof m !== 'boolean')) fail(`checklist.${section}`, 'expected a list of true (met) / false (not met)');
    if (list.length !== shown[section].length) fail(`checklist.${section}`, `expected ${shown[section].length} marks, one per item shown, got ${list.length}`);
    return list as boolean[];
  };
  return { core: marks('core'), secondary: marks('secondary') };
}

function mtgDimensions(value: unknown): MtgDimensions {
  if (!isRecord(value)) fail('dimensions', 'this answer is rated on the five MTG dimensions');
  for (const d of DIMENSIONS) if (!intIn(value[d], 0, 5)) fail(`dimensions.${d}`, 'expected an integer 0–5');
  if (value.safety !== 0 && value.safety !== 1) fail('dimensions.safety', 'expected 0 (unsafe: vetoes the answer) or 1');
  const [instructionFollowing, correctness, effectiveness, readability] = DIMENSIONS.map((d) => value[d] as number) as [number, number, number, number];
  return { instructionFollowing, correctness, effectiveness, readability, safety: value.safety };
}

/**
 * Stores a reviewer's verdict on their own assignment, once: a second submission of the same assignment returns
 * the first (the blind one agreement is computed from). Null when the assignment is not theirs (the API's 404).
 */
export async function submitReview(db: Db, reviewer: ReviewerDoc, id: string, body: unknown, now = new Date()): Promise<{ submission: ReviewSubmissionDoc; stored: boolean } | null> {
  const view = await assignmentView(db, reviewer, id);
  if (!view) return null;
  if (!isRecord(body)) fail('(body)', 'expected a JSON object');
  const { reviewSubmissions, reviewAssignments } = collections(db);
  const slot = (await reviewAssignments.findOne({ _id: id }))!;
  const dimensions = view.form === 'mtg-dimensions' ? mtgDimensions(body.dimensions) : undefined;
  if (!dimensions && !intIn(body.score, 0, 5)) fail('score', 'expected an integer 0–5');
  if (typeof body.usable !== 'boolean') fail('usable', 'expected true or false');
  if (body.comment !== undefined && (typeof body.comment !== 'string' || body.comment.length > MAX_COMMENT)) fail('comment', `expected text of at most ${MAX_COMMENT} characters`);
  const submission: ReviewSubmissionDoc = {
    _id: id,
    reviewId: slot.reviewId,
    answerId: slot.answerId,
    reviewer: reviewer._id,
    category: view.category,
    score: dimensions ? mtgTotal(dimensions) : (body.score as number),
    usable: body.usable,
    ...(typeof body.comment === 'string' && body.comment.trim() ? { comment: body.comment } : {}),
    ...(body.checklist !== undefined ? { checklist: checklistMarks(body.checklist, view.checklist) } : {}),
    ...(dimensions ? { dimensions } : {}),
    submittedAt: now,
  };
  try {
    await reviewSubmissions.insertOne(submission);
  } catch (err) {
    if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
    return { submission: (await reviewSubmissions.findOne({ _id: id }))!, stored: false };
  } finally {
    await reviewAssignments.updateOne({ _id: id }, { $set: { status: 'submitted' } });
  }
  return { submission, stored: true };
}

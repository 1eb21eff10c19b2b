import { MongoServerError, type Db } from 'mongodb';
import { mtgTotal, type MtgDimensions } from '../scoring/mtg-total.js';
import { collections } from '../store/collections.js';
import type { ReviewerDoc, ReviewSubmissionDoc } from '../store/review-docs.js';
import { recordReviewSubmission } from './explorer-reviews.js';
import { revealedTo } from './review-reveal.js';
import { assignmentView, ownAssignment, type AssignmentView } from './review-view.js';

/** A submitted value that cannot be stored; the API answers 400 with this message, which names the field. */
export class InvalidReviewError extends Error {}

/** A reason given where no verdict was revealed (not submitted yet, or the review reveals never); the API's 409. */
export class NotRevealedError extends Error {}

type ReviewValues = NonNullable<ReviewSubmissionDoc['revisions']>[number];
type Disagreement = NonNullable<ReviewSubmissionDoc['disagreement']>;

/** Why a reviewer disagrees with a revealed verdict, with the words the pages show; a Record, so none is left out. */
export const DISAGREEMENT_REASONS: Readonly<Record<Disagreement['reason'], string>> = {
  'judge-too-lenient': 'The judge is too lenient',
  'judge-too-strict': 'The judge is too strict',
  'checklist-item-missing': 'A checklist item is missing',
  'checklist-item-wrong': 'A checklist item is wrong',
  'reference-answer-wrong': 'The reference answer is wrong',
  other: 'Other (say what in the note)',
};

const MAX_COMMENT = 5_000;
const MAX_NOTE = 2_000;
const DIMENSIONS = ['instruction_following', 'correctness', 'effectiveness', 'readability'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const intIn = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

function fail(field: string, what: string): never {
  throw new InvalidReviewError(`${field}: ${what}`);
}

/** Optional free text: absent or blank is none; anything but a string of at most `max` characters is refused. */
function optionalText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > max) fail(field, `expected text of at most ${max} characters`);
  return value.trim() ? value : undefined;
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

/** A review's values as the reviewer may give them, checked against what their view showed. */
function reviewValues(body: unknown, view: AssignmentView, submittedAt: Date): ReviewValues {
  if (!isRecord(body)) fail('(body)', 'expected a JSON object');
  const dimensions = view.form === 'mtg-dimensions' ? mtgDimensions(body.dimensions) : undefined;
  if (!dimensions && !intIn(body.score, 0, 5)) fail('score', 'expected an integer 0–5');
  if (typeof body.usable !== 'boolean') fail('usable', 'expected true or false');
  const comment = optionalText(body.comment, 'comment', MAX_COMMENT);
  return {
    score: dimensions ? mtgTotal(dimensions) : (body.score as number),
    usable: body.usable,
    ...(comment ? { comment } : {}),
    ...(body.checklist !== undefined ? { checklist: checklistMarks(body.checklist, view.checklist) } : {}),
    ...(dimensions ? { dimensions } : {}),
    submittedAt,
  };
}

export interface SubmitOutcome {
  submission: ReviewSubmissionDoc;
  /** false: a repeat of the stored submission, nothing new kept */
  stored: boolean;
  /** kept as the submission's n-th revision (a repeat after the judge's verdict was revealed) */
  revision?: number;
}

/**
 * Stores a reviewer's verdict on their own assignment, once: the first submission is the blind one agreement is
 * computed from. A later one is kept as a revision when the verdict was revealed to them, else the first is
 * returned. Null when the assignment is not theirs (the API's 404).
 */
export async function submitReview(db: Db, reviewer: ReviewerDoc, id: string, body: unknown, now = new Date()): Promise<SubmitOutcome | null> {
  const view = await assignmentView(db, reviewer, id);
  if (!view) return null;
  const values = reviewValues(body, view, now);
  const { reviewSubmissions, reviewAssignments } = collections(db);
  const slot = (await ownAssignment(db, reviewer, id))!;
  const submission: ReviewSubmissionDoc = { _id: id, reviewId: slot.reviewId, answerId: slot.answerId, reviewer: reviewer._id, category: view.category, ...values };
  let outcome: SubmitOutcome = { submission, stored: true };
  try {
    await reviewSubmissions.insertOne(submission);
  } catch (err) {
    if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
    outcome = await repeated(db, reviewer, id, values);
  } finally {
    await reviewAssignments.updateOne({ _id: id }, { $set: { status: 'submitted' } });
  }
  if (outcome.stored) await recordReviewSubmission(db, outcome.submission, reviewer.name);
  return outcome;
}

/** A submission after the first: after a reveal the edit is appended (the blind fields stay), otherwise dropped. */
async function repeated(db: Db, reviewer: ReviewerDoc, id: string, values: ReviewValues): Promise<SubmitOutcome> {
  const { reviewSubmissions } = collections(db);
  if (!(await revealedTo(db, reviewer, id))) return { submission: (await reviewSubmissions.findOne({ _id: id }))!, stored: false };
  const submission = (await reviewSubmissions.findOneAndUpdate({ _id: id }, { $push: { revisions: values } }, { returnDocument: 'after' }))!;
  return { submission, stored: true, revision: submission.revisions!.length };
}

function disagreementOf(body: unknown, at: Date): Disagreement {
  if (!isRecord(body)) fail('(body)', 'expected a JSON object');
  const { reason } = body;
  if (typeof reason !== 'string' || !Object.hasOwn(DISAGREEMENT_REASONS, reason)) fail('reason', `expected one of ${Object.keys(DISAGREEMENT_REASONS).join(', ')}`);
  const note = optionalText(body.note, 'note', MAX_NOTE);
  if (reason === 'other' && !note) fail('note', 'say what the other reason is');
  return { reason: reason as Disagreement['reason'], ...(note ? { note } : {}), at };
}

/**
 * Records why the reviewer disagrees with the verdict revealed to them (a new reason replaces the old). Null when
 * the assignment is not theirs; NotRevealedError when no verdict was revealed to them.
 */
export async function recordDisagreement(db: Db, reviewer: ReviewerDoc, id: string, body: unknown, now = new Date()): Promise<Disagreement | null> {
  if (!(await ownAssignment(db, reviewer, id))) return null;
  if (!(await revealedTo(db, reviewer, id))) throw new NotRevealedError('a reason is taken only once your review is submitted and the judge\'s verdict shown to you; this assignment has shown none');
  const disagreement = disagreementOf(body, now);
  const submission = await collections(db).reviewSubmissions.findOneAndUpdate({ _id: id }, { $set: { disagreement } }, { returnDocument: 'after' });
  if (submission) await recordReviewSubmission(db, submission, reviewer.name);
  return disagreement;
}

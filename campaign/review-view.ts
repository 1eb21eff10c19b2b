import type { Db } from 'mongodb';
import { maskNames } from '../lib/mask-names.js';
import { parseChecklist } from '../scoring/checklist.js';
import { collections } from '../store/collections.js';
import type { ReviewAssignmentDoc, ReviewerDoc } from '../store/review-docs.js';
import { loadCampaign } from './context.js';

/** What a reviewer's list shows: never the answer id, the model, or anything the judge said. */
export interface AssignmentListing {
  id: string;
  category: string;
  status: 'pending' | 'submitted';
}

/** Everything a reviewer sees of one assignment, and nothing else (no model, judge score or rationale, other reviews). */
export interface AssignmentView extends AssignmentListing {
  /** the conversation's earlier rounds, each with this sample's answer to it */
  earlierRounds: { problem: string; answer: string }[];
  problem: string;
  referenceAnswer: string;
  checklist: { core: string[]; secondary: string[] };
  answer: string;
  /** MTG: the five dimensions replace the 0–5 score */
  form: 'score' | 'mtg-dimensions';
}

export async function listAssignments(db: Db, reviewer: ReviewerDoc): Promise<AssignmentListing[]> {
  const { reviewAssignments, reviewItems } = collections(db);
  const slots = await reviewAssignments.find({ reviewId: reviewer.reviewId, reviewer: reviewer._id }).toArray();
  const items = new Map((await reviewItems.find({ reviewId: reviewer.reviewId }, { projection: { answerId: 1, category: 1 } }).toArray()).map((i) => [i.answerId, i.category]));
  return slots.map((s) => ({ id: s._id, category: items.get(s.answerId) ?? '', status: s.status })).sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
}

/** The reviewer's own assignment, or null for anyone else's: every per-assignment call starts here. */
export const ownAssignment = (db: Db, reviewer: ReviewerDoc, id: string): Promise<ReviewAssignmentDoc | null> =>
  collections(db).reviewAssignments.findOne({ _id: id, reviewer: reviewer._id, reviewId: reviewer.reviewId });

/** One of the reviewer's own assignments as they may see it; null for anyone else's (the API answers 404). */
export async function assignmentView(db: Db, reviewer: ReviewerDoc, id: string): Promise<AssignmentView | null> {
  const { reviewItems, reviews, generations, questions } = collections(db);
  const slot = await ownAssignment(db, reviewer, id);
  if (!slot) return null;
  // the judge's verdict never leaves the database for the blind view (only review-reveal.ts reads it)
  const item = await reviewItems.findOne({ reviewId: slot.reviewId, answerId: slot.answerId }, { projection: { judge: 0 } });
  const review = await reviews.findOne({ _id: slot.reviewId });
  if (!item || !review) return null;
  const campaign = await loadCampaign(db, review.campaignId);
  const source = campaign.config.answersFrom?.campaign ?? campaign._id;
  const question = await questions.findOne({ datasetId: campaign.datasetId, questionId: item.questionId });
  if (!question) return null;
  const conversation = await questions.find({ datasetId: campaign.datasetId, category: question.category, groupCode: question.groupCode, round: { $lte: question.round } }).toArray();
  const answers = new Map(
    (await generations.find({ campaignId: source, model: item.model, sample: item.sample, questionId: { $in: conversation.map((q) => q.questionId) } }, { projection: { questionId: 1, text: 1 } }).toArray()).map((g) => [g.questionId, g.text ?? '']),
  );
  // the campaign's own names for its models and their providers' model names are masked wherever an answer says them
  const names = Object.values(campaign.profiles).flatMap((p) => [p.name, p.model]).concat(campaign.config.models.map((m) => m.id ?? m.profile));
  const mask = (text: string) => (review.maskModelNames === false ? text : maskNames(text, names));
  const checklist = parseChecklist(question.checklist);
  return {
    id: slot._id,
    category: item.category,
    status: slot.status,
    earlierRounds: conversation
      .filter((q) => q.round < question.round)
      .sort((a, b) => a.round - b.round)
      .map((q) => ({ problem: q.problem, answer: mask(answers.get(q.questionId) ?? '') })),
    problem: question.problem,
    referenceAnswer: question.sanswer,
    checklist: { core: [...checklist.core, ...checklist.unsectioned], secondary: checklist.secondary },
    answer: mask(answers.get(question.questionId) ?? ''),
    form: item.category === 'MTG' ? 'mtg-dimensions' : 'score',
  };
}

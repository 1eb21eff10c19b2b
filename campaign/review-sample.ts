import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { checkId } from '../config/ids.js';
import { exactMean } from '../scoring/exact-mean.js';
import { answerIdOf, reviewCandidates } from '../scoring/sampling/candidates.js';
import { sampleForReview } from '../scoring/sampling/sample.js';
import type { ReviewSample, SamplingOptions } from '../scoring/sampling/types.js';
import { collections } from '../store/collections.js';
import type { ReviewItemDoc } from '../store/review-docs.js';
import { loadCampaign, type LoadedCampaign } from './context.js';
import { loadCurrentScores } from './current-scores.js';
import { startReviewWorkflow } from './review-workflow.js';

export interface ReviewSampleInput {
  campaignId: string;
  /** the review's id; `<campaign>-review-<n>` when absent */
  reviewId?: string;
  /** answers to review; the campaign config's review.sampleSize when absent */
  size?: number;
  /** reviewers per answer (k) */
  perItem?: number;
  seed?: number;
  /** what reviewers see and when the sample gives up; the campaign config's review section fills what is absent */
  reveal?: 'after-submit' | 'never';
  maskModelNames?: boolean;
  deadline?: Date;
  /** the campaign's own review phase: its judging is done though the campaign still runs */
  phase?: boolean;
}

export interface ReviewSampleOutcome {
  reviewId: string;
  items: number;
  sample: ReviewSample;
  deadline?: Date;
}

/**
 * The sample a design draws from a campaign's current scores, as the review's item documents, each with the judge's
 * verdict as the sampler saw it (so a reveal shows what was sampled even if the answer is judged again later).
 */
export async function drawReviewItems(db: Db, doc: LoadedCampaign, reviewId: string, design: SamplingOptions): Promise<{ sample: ReviewSample; items: ReviewItemDoc[] }> {
  const { records } = await loadCurrentScores(db, doc);
  const placement = new Map(records.map((r) => [answerIdOf(r), r]));
  const candidates = reviewCandidates(records, doc.config.judging, doc.config.threshold);
  const sample = sampleForReview(candidates, design);
  const verdicts = new Map(candidates.map((c) => [c.answerId, c]));
  const items: ReviewItemDoc[] = sample.items.map((item) => {
    const r = placement.get(item.answerId)!;
    const { judgeScores, threshold, scaleMax } = verdicts.get(item.answerId)!;
    const mean = judgeScores.length > 0 ? exactMean(judgeScores) : null;
    const judge = { scores: [...judgeScores], mean, usable: mean === null ? null : mean >= threshold, threshold, scaleMax };
    return { _id: `${reviewId}/${item.answerId}`, reviewId, answerId: item.answerId, model: r.model, questionId: r.questionId, sample: r.sample, category: r.category, stratum: item.stratum, reason: item.reason, inclusionProbability: item.inclusionProbability, judge };
  });
  return { sample, items };
}

/**
 * Draws a finished campaign's review sample from its current scores and stores it: the items first, the review
 * document last, so a sample cut off half-way is no review (and drawing it again replaces its items).
 */
export async function sampleCampaignForReview(db: Db, input: ReviewSampleInput): Promise<ReviewSampleOutcome> {
  const doc = await loadCampaign(db, input.campaignId);
  if (!input.phase && doc.status !== 'completed') throw new Error(`campaign ${doc._id} is ${doc.status}: a review samples a completed campaign's judgements`);
  const settings = doc.config.review;
  const { reviews, reviewItems } = collections(db);
  const reviewId = checkId('review id', input.reviewId ?? `${doc._id}-review-${(await reviews.countDocuments({ campaignId: doc._id })) + 1}`);
  if (await reviews.findOne({ _id: reviewId }, { projection: { _id: 1 } })) throw new Error(`review ${reviewId} already exists; give another --id`);
  const size = input.size ?? settings?.sampleSize;
  if (!size) throw new Error(`campaign ${doc._id} has no review section in its config: give --size`);
  const seed = input.seed ?? settings?.seed ?? 1;
  const perItem = input.perItem ?? settings?.perItem;
  // the config's sampling tuning, only what it sets (the sampler's defaults fill the rest)
  const { auditShare, nearThresholdWeight, disagreementWeight, strataSizes } = settings ?? {};
  const tuning = Object.fromEntries(Object.entries({ auditShare, nearThresholdWeight, disagreementWeight, strataSizes }).filter(([, v]) => v !== undefined)) as Omit<SamplingOptions, 'size' | 'seed' | 'perItem'>;
  const deadline = input.deadline ?? (settings?.deadlineDays !== undefined ? new Date(Date.now() + settings.deadlineDays * 86_400_000) : undefined);

  const { sample, items } = await drawReviewItems(db, doc, reviewId, { size, seed, ...(perItem !== undefined ? { perItem } : {}), ...tuning });
  // items a cut-off earlier attempt left under this id go first
  await reviewItems.deleteMany({ reviewId });
  if (items.length > 0) await reviewItems.insertMany(items);
  await reviews.insertOne({
    _id: reviewId,
    campaignId: doc._id,
    status: 'open',
    createdAt: new Date(),
    design: { size, seed, ...tuning, perItem: sample.perItem },
    strata: sample.strata,
    audit: sample.audit,
    notes: sample.notes,
    items: items.length,
    reveal: input.reveal ?? settings?.reveal ?? 'never',
    maskModelNames: input.maskModelNames ?? settings?.maskModelNames ?? true,
    ...(deadline ? { deadline } : {}),
    ...(settings?.reminders ? { reminders: settings.reminders } : {}),
    ...(input.phase ? { phaseOf: doc._id } : {}),
  });
  return { reviewId, items: items.length, sample, ...(deadline ? { deadline } : {}) };
}

/**
 * `review sample`: draws and stores the sample, then starts the workflow that waits for its reviews. A workflow
 * that cannot start takes the stored sample with it, so a failed command leaves no review behind.
 */
export async function openReview(ctx: { db: Db; client: Client }, input: ReviewSampleInput): Promise<ReviewSampleOutcome & { workflowId: string }> {
  const outcome = await sampleCampaignForReview(ctx.db, input);
  try {
    return { ...outcome, workflowId: await startReviewWorkflow(ctx.client, outcome.reviewId, outcome.deadline) };
  } catch (err) {
    const { reviews, reviewItems } = collections(ctx.db);
    await reviews.deleteOne({ _id: outcome.reviewId });
    await reviewItems.deleteMany({ reviewId: outcome.reviewId });
    throw new Error(`review ${outcome.reviewId} was not started: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

import type { Db } from 'mongodb';
import { categoryThresholds } from '../scoring/judge-modes/index.js';
import { compareRefinements as compare, type RefinementComparison } from '../scoring/refinement-compare.js';
import { collections } from '../store/collections.js';
import type { RefinementRequest } from '../store/refinement-docs.js';
import { listRefinements, refinementTargets } from '../store/refinements.js';
import { loadCampaign, type LoadedCampaign } from './context.js';
import { loadCurrentScores, type CurrentScores } from './current-scores.js';
import { latestReviewWithSubmissions } from './review-agreement.js';

/** A refinement's request in a few words, as tables name it. */
export function describeRequest(r: RefinementRequest): string {
  return [
    r.categories ? `categories ${r.categories.join(', ')}` : '',
    r.questionIds ? `questions ${r.questionIds.join(', ')}` : '',
    r.disagreements ? 'disagreements' : '',
    r.templatesDir ? `templates ${r.templatesDir}` : '',
    r.checklists ? 'checklists' : '',
  ].filter(Boolean).join('; ');
}

/**
 * Before and after of every finished refinement of a campaign (see scoring/refinement-compare.ts), on the review
 * its report shows: what the report's section, `campaign status --json` and the explorer read. `loaded` lets a
 * caller that has read the campaign's scores already pass them.
 */
export async function compareRefinements(db: Db, campaignId: string, loaded?: { campaign: LoadedCampaign; scores: CurrentScores }): Promise<RefinementComparison[]> {
  const campaign = loaded?.campaign ?? (await loadCampaign(db, campaignId));
  const done = (await listRefinements(db, campaignId)).filter((r) => r.status === 'done');
  if (done.length === 0) return [];
  const scores = loaded?.scores ?? (await loadCurrentScores(db, campaign));
  const targets = new Map(await Promise.all(done.map(async (r) => [r.seq, new Set(await refinementTargets(db, r))] as const)));
  const reviewId = await latestReviewWithSubmissions(db, campaignId);
  const { reviews, reviewItems, reviewSubmissions } = collections(db);
  const review = reviewId ? await reviews.findOne({ _id: reviewId }) : null;
  const { config } = campaign;
  const categories = [...new Set(scores.planned.map((q) => q.category))];
  return compare(
    {
      allRecords: scores.allRecords,
      baseTemplates: scores.baseTemplates,
      layers: scores.layers,
      refinements: done.map((r) => ({ seq: r.seq, id: r._id, request: describeRequest(r.request) })),
      questions: scores.planned,
      aggregate: { threshold: config.threshold, categoryThresholds: categoryThresholds(categories, config.judging), ...(config.judges.length > 1 ? { panelRule: config.judging.panelRule } : {}) },
      judging: config.judging,
      ...(review
        ? {
            review: {
              reviewId: review._id,
              campaignId,
              status: review.status,
              items: await reviewItems.find({ reviewId: review._id }).toArray(),
              submissions: await reviewSubmissions.find({ reviewId: review._id }).toArray(),
            },
          }
        : {}),
    },
    (seq) => targets.get(seq) ?? new Set(),
  );
}

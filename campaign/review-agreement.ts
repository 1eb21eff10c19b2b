import type { Db } from 'mongodb';
import { MTG_MAX_TOTAL } from '../scoring/mtg-total.js';
import { agreementSummary, type AgreementSummary, type ReviewedAnswer } from '../scoring/agreement/summary.js';
import { answerIdOf, reviewCandidates } from '../scoring/sampling/candidates.js';
import { collections } from '../store/collections.js';
import { loadCampaign } from './context.js';
import { loadCurrentScores } from './current-scores.js';

/** Human–machine agreement of a review so far, from its stored (blind, first) submissions and the campaign's scores. */
export async function reviewAgreement(db: Db, reviewId: string): Promise<AgreementSummary> {
  const { reviews, reviewItems, reviewSubmissions } = collections(db);
  const review = await reviews.findOne({ _id: reviewId });
  if (!review) throw new Error(`review ${reviewId} does not exist`);
  const campaign = await loadCampaign(db, review.campaignId);
  const { records } = await loadCurrentScores(db, campaign);
  const candidates = new Map(reviewCandidates(records, campaign.config.judging, campaign.config.threshold).map((c) => [c.answerId, c]));
  const templateOf = new Map(records.map((r) => [answerIdOf(r), r.templateVersion]));
  const byAnswer = new Map<string, ReviewedAnswer['reviews'][number][]>();
  for (const s of await reviewSubmissions.find({ reviewId }).toArray()) byAnswer.set(s.answerId, [...(byAnswer.get(s.answerId) ?? []), { reviewer: s.reviewer, score: s.score, usable: s.usable }]);
  const items = await reviewItems.find({ reviewId }).toArray();
  const answers: ReviewedAnswer[] = items.map((item) => {
    const c = candidates.get(item.answerId);
    const template = templateOf.get(item.answerId);
    return {
      category: item.category,
      model: item.model,
      ...(template ? { templateVersion: template } : {}),
      judgeScores: c?.judgeScores ?? [],
      threshold: c?.threshold ?? campaign.config.threshold,
      judgeScaleMax: c?.scaleMax ?? 5,
      scaleMax: item.category === 'MTG' ? MTG_MAX_TOTAL : 5,
      reviews: byAnswer.get(item.answerId) ?? [],
    };
  });
  return agreementSummary(answers);
}

import type { Db } from 'mongodb';
import type { CampaignDoc, GenerationDoc, JudgementDoc, ProviderLimitsDoc, ReportDoc } from './campaign-docs.js';
import type { DatasetDoc, QuestionDoc } from './dataset-docs.js';
import type { ReviewDoc, ReviewItemDoc } from './review-docs.js';

/** Every collection medeval keeps, typed: the one place their names are written. */
export const collections = (db: Db) => ({
  datasets: db.collection<DatasetDoc>('datasets'),
  questions: db.collection<QuestionDoc>('questions'),
  campaigns: db.collection<CampaignDoc>('campaigns'),
  generations: db.collection<GenerationDoc>('generations'),
  judgements: db.collection<JudgementDoc>('judgements'),
  providerLimits: db.collection<ProviderLimitsDoc>('provider_limits'),
  reports: db.collection<ReportDoc>('reports'),
  reviews: db.collection<ReviewDoc>('reviews'),
  reviewItems: db.collection<ReviewItemDoc>('review_items'),
});

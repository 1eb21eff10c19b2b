import type { Db } from 'mongodb';
import { collections } from './collections.js';

export async function ensureIndexes(db: Db): Promise<void> {
  const { datasets, questions, generations, judgements, reviews, reviewItems, reviewers, reviewAssignments, checklistVersions, refinements, teamMembers } = collections(db);
  // _id is each result's deterministic key, which makes it unique; these indexes serve reports and progress.
  await Promise.all([
    generations.createIndex({ campaignId: 1, model: 1, category: 1 }, { name: 'campaign_model' }),
    judgements.createIndex({ campaignId: 1, model: 1, category: 1 }, { name: 'campaign_model' }),
    judgements.createIndex({ generationKey: 1 }, { name: 'generation' }),
    datasets.createIndex({ name: 1, version: 1 }, { unique: true, name: 'name_version' }),
    questions.createIndex({ datasetId: 1, category: 1, groupCode: 1, round: 1 }, { unique: true, name: 'dataset_question' }),
    reviews.createIndex({ campaignId: 1 }, { name: 'campaign' }),
    reviewItems.createIndex({ reviewId: 1, answerId: 1 }, { name: 'review_answer' }),
    reviewers.createIndex({ apiTokenDigest: 1 }, { unique: true, name: 'api_token' }),
    teamMembers.createIndex({ apiTokenDigest: 1 }, { unique: true, name: 'api_token' }),
    reviewAssignments.createIndex({ reviewId: 1, reviewer: 1 }, { name: 'review_reviewer' }),
    checklistVersions.createIndex({ datasetId: 1, questionId: 1 }, { name: 'dataset_question' }),
    refinements.createIndex({ campaignId: 1, seq: 1 }, { unique: true, name: 'campaign_seq' }),
  ]);
}

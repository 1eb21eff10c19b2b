import type { Db } from 'mongodb';
import { collections } from './collections.js';

export async function ensureIndexes(db: Db): Promise<void> {
  const { datasets, questions } = collections(db);
  await Promise.all([
    datasets.createIndex({ name: 1, version: 1 }, { unique: true, name: 'name_version' }),
    questions.createIndex({ datasetId: 1, category: 1, groupCode: 1, round: 1 }, { unique: true, name: 'dataset_question' }),
  ]);
}

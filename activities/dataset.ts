import type { Db } from 'mongodb';
import { CATEGORY_CODES, type CategoryCode } from '../dataset/categories.js';
import { collections } from '../store/collections.js';
import { getDataset } from '../store/datasets.js';

export interface DatasetSummary {
  datasetId: string;
  questions: number;
  byCategory: Record<CategoryCode, { questions: number; conversations: number }>;
}

/** Dataset look-ups for workflows: small summaries only, texts stay in MongoDB. */
export function createDatasetActivities(db: Db) {
  return {
    async summarizeDataset(input: { name: string; version?: number }): Promise<DatasetSummary> {
      const dataset = await getDataset(db, input.name, input.version);
      const docs = await collections(db)
        .questions.find({ datasetId: dataset._id }, { projection: { category: 1, groupCode: 1 } })
        .toArray();
      const byCategory = Object.fromEntries(CATEGORY_CODES.map((c) => [c, { questions: 0, conversations: 0 }])) as DatasetSummary['byCategory'];
      const groups = new Set<string>();
      for (const doc of docs) {
        byCategory[doc.category].questions += 1;
        const group = `${doc.category}/${doc.groupCode}`;
        if (!groups.has(group)) byCategory[doc.category].conversations += 1;
        groups.add(group);
      }
      return { datasetId: dataset._id, questions: docs.length, byCategory };
    },
  };
}

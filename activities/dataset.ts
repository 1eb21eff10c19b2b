import type { Db } from 'mongodb';
import { summarize, type DatasetSummary } from '../dataset/summary.js';
import { getDataset, loadQuestions } from '../store/datasets.js';

/** Dataset look-ups for workflows: small summaries only, texts stay in MongoDB. */
export function createDatasetActivities(db: Db) {
  return {
    async summarizeDataset(input: { name: string; version?: number }): Promise<{ datasetId: string; summary: DatasetSummary }> {
      const dataset = await getDataset(db, input.name, input.version);
      return { datasetId: dataset._id, summary: summarize(await loadQuestions(db, dataset._id)) };
    },
  };
}

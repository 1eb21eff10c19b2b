import type { CategoryCode } from '../dataset/categories.js';

export type DatasetStatus = 'staging' | 'published';

export interface DatasetDoc {
  _id: string; // `${name}@${version}`
  name: string;
  version: number;
  status: DatasetStatus;
  contentHash: string;
  questionCount: number;
  sourceFile: string;
  createdAt: Date;
  publishedAt?: Date;
}

export interface QuestionDoc {
  _id: string; // `${datasetId}/${questionId}`
  datasetId: string;
  questionId: string;
  category: CategoryCode;
  groupCode: number | string;
  round: number;
  index: number;
  category2: string;
  scene: string;
  problem: string;
  sanswer: string;
  difficulty?: string;
  checklist: string | null;
  contentHash: string;
  /** the item exactly as read, as JSON5 text (keeps NaN, which not every Mongo-compatible store accepts) */
  source: string;
}


import JSON5 from 'json5';
import type { Db } from 'mongodb';
import { CATEGORY_CODES } from '../dataset/categories.js';
import { valueHash } from '../lib/content-hash.js';
import type { Difficulty, Question, SeedItem } from '../dataset/schema.js';
import { collections } from './collections.js';
import type { DatasetDoc, QuestionDoc } from './dataset-docs.js';

export interface ImportOutcome {
  status: 'imported' | 'unchanged';
  dataset: DatasetDoc;
}

export class DatasetExistsError extends Error {}

const BATCH = 500;

function toDoc(datasetId: string, q: Question): QuestionDoc {
  return {
    _id: `${datasetId}/${q.id}`,
    datasetId,
    questionId: q.id,
    category: q.category,
    groupCode: q.groupCode,
    round: q.round,
    index: q.index,
    category2: q.category2,
    scene: q.scene,
    problem: q.problem,
    sanswer: q.sanswer,
    ...(q.difficulty ? { difficulty: q.difficulty } : {}),
    checklist: q.checklist,
    contentHash: valueHash(q.source),
    source: JSON5.stringify(q.source),
  };
}

export function fromDoc(doc: QuestionDoc): Question {
  return {
    id: doc.questionId,
    category: doc.category,
    groupCode: doc.groupCode,
    round: doc.round,
    category2: doc.category2,
    scene: doc.scene,
    problem: doc.problem,
    sanswer: doc.sanswer,
    ...(doc.difficulty ? { difficulty: doc.difficulty as Difficulty } : {}),
    checklist: doc.checklist,
    index: doc.index,
    source: JSON5.parse(doc.source) as SeedItem,
  };
}

/** Hash of the whole set in file order: the same file always hashes the same, any edit changes it. */
export function datasetHash(questions: Question[]): string {
  return valueHash(questions.map((q) => [q.id, q.index, q.source]));
}

export async function latestPublished(db: Db, name: string): Promise<DatasetDoc | null> {
  return collections(db).datasets.findOne({ name, status: 'published' }, { sort: { version: -1 } });
}

/** A published dataset by name (latest version unless one is given); staging versions are never visible. */
export async function getDataset(db: Db, name: string, version?: number): Promise<DatasetDoc> {
  const found =
    version === undefined
      ? await latestPublished(db, name)
      : await collections(db).datasets.findOne({ name, version, status: 'published' });
  if (!found) throw new Error(`dataset "${name}"${version === undefined ? '' : ` version ${version}`} is not imported`);
  return found;
}

/**
 * Imports validated questions. MongoDB transactions are not available on FerretDB, so the dataset is written as
 * "staging" and flipped to "published" only after every question is stored: a crash leaves nothing visible,
 * and the next import of that version clears the leftovers first.
 */
export async function importQuestions(
  db: Db,
  input: { name: string; questions: Question[]; sourceFile: string; newVersion?: boolean },
  hooks: { beforePublish?: () => Promise<void> } = {},
): Promise<ImportOutcome> {
  const { datasets, questions } = collections(db);
  const hash = datasetHash(input.questions);
  const latest = await latestPublished(db, input.name);
  if (latest && latest.contentHash === hash) return { status: 'unchanged', dataset: latest };
  if (latest && !input.newVersion) {
    throw new DatasetExistsError(
      `dataset "${input.name}" already exists (version ${latest.version}) with different content; use --new-version to add a version`,
    );
  }
  const version = (latest?.version ?? 0) + 1;
  const _id = `${input.name}@${version}`;
  const stale = await datasets.findOne({ _id });
  if (stale?.status === 'staging') await questions.deleteMany({ datasetId: _id });
  const doc: DatasetDoc = {
    _id,
    name: input.name,
    version,
    status: 'staging',
    contentHash: hash,
    questionCount: input.questions.length,
    sourceFile: input.sourceFile,
    createdAt: new Date(),
  };
  await datasets.replaceOne({ _id }, doc, { upsert: true });
  const docs = input.questions.map((q) => toDoc(_id, q));
  for (let i = 0; i < docs.length; i += BATCH) await questions.insertMany(docs.slice(i, i + BATCH), { ordered: true });
  const stored = await questions.countDocuments({ datasetId: _id });
  if (stored !== docs.length) throw new Error(`dataset ${_id}: stored ${stored} of ${docs.length} questions; not published`);
  await hooks.beforePublish?.();
  const publishedAt = new Date();
  await datasets.updateOne({ _id, status: 'staging' }, { $set: { status: 'published', publishedAt } });
  return { status: 'imported', dataset: { ...doc, status: 'published', publishedAt } };
}

/** Questions of a dataset in file order (category order, then position in the category's list). */
export async function loadQuestions(db: Db, datasetId: string): Promise<Question[]> {
  const docs = await collections(db).questions.find({ datasetId }).toArray();
  const rank = (code: string) => CATEGORY_CODES.indexOf(code as (typeof CATEGORY_CODES)[number]);
  return docs.map(fromDoc).sort((a, b) => rank(a.category) - rank(b.category) || a.index - b.index);
}

import { readFile } from 'node:fs/promises';
import { MongoServerError, type Db } from 'mongodb';
import { shortHash } from '../lib/content-hash.js';
import { checkRefinedChecklist } from '../scoring/checklist-revision.js';
import { collections } from '../store/collections.js';
import { getDataset } from '../store/datasets.js';

export interface ChecklistVersion {
  /** 0 is the checklist as imported */
  version: number;
  contentHash: string;
  checklist: string | null;
  author?: string;
  reason?: string;
  createdAt?: Date;
}

export interface RefineChecklistInput {
  dataset: string;
  datasetVersion?: number;
  questionId: string;
  file: string;
  reason: string;
  author: string;
  now?: Date;
}

const hashOf = (text: string | null) => shortHash(text ?? '', 16);

/** A question's checklist versions, the imported one (0) first. */
export async function checklistHistory(db: Db, input: { dataset: string; datasetVersion?: number; questionId: string }): Promise<{ datasetId: string; versions: ChecklistVersion[] }> {
  const dataset = await getDataset(db, input.dataset, input.datasetVersion);
  const { questions, checklistVersions } = collections(db);
  const question = await questions.findOne({ _id: `${dataset._id}/${input.questionId}` }, { projection: { checklist: 1 } });
  if (!question) throw new Error(`dataset ${dataset._id} has no question ${input.questionId}`);
  const later = await checklistVersions.find({ datasetId: dataset._id, questionId: input.questionId }).sort({ version: 1 }).toArray();
  return {
    datasetId: dataset._id,
    versions: [
      { version: 0, contentHash: hashOf(question.checklist), checklist: question.checklist },
      ...later.map((v) => ({ version: v.version, contentHash: v.contentHash, checklist: v.checklist, author: v.author, reason: v.reason, createdAt: v.createdAt })),
    ],
  };
}

/**
 * Stores a question's refined checklist as its next version, with who and why; the imported question is never
 * touched. The same text as the latest version stores nothing (refining twice is one refinement).
 */
export async function refineChecklist(db: Db, input: RefineChecklistInput): Promise<{ datasetId: string; version: number; created: boolean }> {
  if (!input.reason.trim()) throw new Error('--reason: say why the checklist changes (it is kept with the version)');
  if (!input.author.trim()) throw new Error('--author: name who refines the checklist');
  const text = await readFile(input.file, 'utf8').catch((err: unknown) => {
    throw new Error(`${input.file}: cannot read the checklist file (${err instanceof Error ? err.message : String(err)})`);
  });
  const checklist = checkRefinedChecklist(text, input.file);
  const { datasetId, versions } = await checklistHistory(db, input);
  const latest = versions[versions.length - 1]!;
  const contentHash = hashOf(checklist);
  if (latest.contentHash === contentHash) return { datasetId, version: latest.version, created: false };
  const version = latest.version + 1;
  try {
    await collections(db).checklistVersions.insertOne({
      _id: `${datasetId}/${input.questionId}/v${version}`,
      datasetId,
      questionId: input.questionId,
      version,
      checklist,
      contentHash,
      author: input.author.trim(),
      reason: input.reason.trim(),
      createdAt: input.now ?? new Date(),
    });
  } catch (err) {
    if (err instanceof MongoServerError && err.code === 11000) throw new Error(`checklist version ${version} of ${input.questionId} was just stored by someone else: look at \`medeval refine history\` and try again`, { cause: err });
    throw err;
  }
  return { datasetId, version, created: true };
}

import type { Db } from 'mongodb';
import { serializeSeedFile, toSeedFile } from '../dataset/export-format.js';
import { formatProblem } from '../dataset/problem.js';
import { summarize, type DatasetSummary } from '../dataset/summary.js';
import { validateDatasetFile } from '../dataset/validate-file.js';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { getDataset, importQuestions, loadQuestions, type ImportOutcome } from '../store/datasets.js';

export class InvalidDatasetError extends Error {}

/** Validates the whole file first; an invalid file writes nothing. */
export async function importDatasetFile(
  db: Db,
  input: { file: string; name: string; newVersion?: boolean },
): Promise<ImportOutcome> {
  const result = await validateDatasetFile(input.file);
  if (result.problems.length > 0) {
    const lines = result.problems.map(formatProblem);
    throw new InvalidDatasetError(`${input.file} is not valid (${lines.length} problems); nothing was imported:\n${lines.join('\n')}`);
  }
  return importQuestions(db, { name: input.name, questions: result.questions, sourceFile: input.file, newVersion: input.newVersion });
}

/** Writes a published dataset back in the LLMEval-Med format, atomically: a crash leaves no half file. */
export async function exportDatasetFile(db: Db, input: { name: string; version?: number; file: string }) {
  const dataset = await getDataset(db, input.name, input.version);
  const questions = await loadQuestions(db, dataset._id);
  await writeFileAtomically(input.file, `${serializeSeedFile(toSeedFile(questions))}\n`);
  return { dataset, questions: questions.length };
}

/** An imported dataset's counts per category: what a workflow may know of it (texts stay in MongoDB). */
export async function datasetSummary(db: Db, input: { name: string; version?: number }): Promise<{ datasetId: string; summary: DatasetSummary }> {
  const dataset = await getDataset(db, input.name, input.version);
  return { datasetId: dataset._id, summary: summarize(await loadQuestions(db, dataset._id)) };
}

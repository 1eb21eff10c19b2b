import { rename, writeFile } from 'node:fs/promises';
import type { Db } from 'mongodb';
import { getDataset, importQuestions, loadQuestions, type ImportOutcome } from '../store/datasets.js';
import { serializeSeedFile, toSeedFile } from './export-format.js';
import { formatProblem } from './problem.js';
import { validateDatasetFile } from './validate-file.js';

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

/** Writes a published dataset back in the LLMEval-Med format; a temp file then rename, so a crash leaves no half file. */
export async function exportDatasetFile(db: Db, input: { name: string; version?: number; file: string }) {
  const dataset = await getDataset(db, input.name, input.version);
  const questions = await loadQuestions(db, dataset._id);
  const tmp = `${input.file}.${process.pid}.tmp`;
  await writeFile(tmp, serializeSeedFile(toSeedFile(questions)) + '\n', 'utf8');
  await rename(tmp, input.file);
  return { dataset, questions: questions.length };
}

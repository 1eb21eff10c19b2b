import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Question } from '../../dataset/schema.js';
import { validateDatasetFile } from '../../dataset/validate-file.js';

/**
 * The public LLMEval-Med test set, kept outside the repository (it has no licence) in ../shared/. CI has it, so a
 * test that needs it fails loudly when it is missing instead of skipping and passing silently.
 */
export const SHARED_DATASET = fileURLToPath(new URL('../../../shared/llmeval-med/dataset.json', import.meta.url));

export function requireSharedDataset(): string {
  if (!existsSync(SHARED_DATASET)) {
    throw new Error(`the public test set is missing at ${SHARED_DATASET}: these tests need ../shared/llmeval-med/dataset.json next to the checkout`);
  }
  return SHARED_DATASET;
}

export async function sharedQuestions(): Promise<Question[]> {
  const result = await validateDatasetFile(requireSharedDataset());
  if (result.problems.length > 0) throw new Error(`${SHARED_DATASET}: ${result.problems.length} validation problems`);
  return result.questions;
}

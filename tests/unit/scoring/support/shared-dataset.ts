import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSeedJson } from '../../../../dataset/read-json.js';
import type { Question } from '../../../../dataset/schema.js';
import { readSeedQuestions } from '../../../../scoring/seed-format.js';

/** The public LLMEval-Med test set, kept outside the repository; tests that need it are skipped when it is absent. */
export const SHARED_DATASET = fileURLToPath(new URL('../../../../../shared/llmeval-med/dataset.json', import.meta.url));
export const hasSharedDataset = existsSync(SHARED_DATASET);

export async function sharedQuestions(): Promise<Question[]> {
  return readSeedQuestions(await readSeedJson(SHARED_DATASET), SHARED_DATASET);
}

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serializeSeedFile, toSeedFile } from '../../../dataset/export-format.js';
import { parseSeedJson } from '../../../dataset/read-json.js';
import { validateDataset } from '../../../dataset/validate.js';

// The public test set has no licence, so it is not in the repository; these tests run where it has been provided.
const path = fileURLToPath(new URL('../../../../shared/llmeval-med/dataset.json', import.meta.url));
const present = existsSync(path);

describe('the public LLMEval-Med test set', () => {
  it.skipIf(!present)('validates without problems to 667 questions in 571 conversations, in well under a second', () => {
    const text = readFileSync(path, 'utf8');
    const data = parseSeedJson(text, path);
    const started = performance.now();
    const result = validateDataset(data, path);
    // about 80 ms on a laptop; the bound leaves room for a loaded CI machine
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.problems).toEqual([]);
    expect(result.summary).toEqual({
      MK: { questions: 141, conversations: 93 },
      MR: { questions: 102, conversations: 102 },
      MLU: { questions: 213, conversations: 178 },
      MSE: { questions: 109, conversations: 98 },
      MTG: { questions: 102, conversations: 100 },
      total: { questions: 667, conversations: 571 },
    });
    expect(new Set(result.questions.map((q) => q.id)).size).toBe(667);
  });

  it.skipIf(!present)('round-trips to an equal object and to its own text apart from CRLF line ends', () => {
    const text = readFileSync(path, 'utf8');
    const data = parseSeedJson(text, path);
    const exported = toSeedFile(validateDataset(data, path).questions);
    expect(exported).toStrictEqual(data);
    expect(serializeSeedFile(exported)).toBe(text.replace(/\r\n/g, '\n'));
  });
});

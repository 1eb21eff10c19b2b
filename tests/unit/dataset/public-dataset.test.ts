import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeSeedFile, toSeedFile } from '../../../dataset/export-format.js';
import { parseSeedJson } from '../../../dataset/read-json.js';
import { validateDataset } from '../../../dataset/validate.js';
import { requireSharedDataset } from '../../support/shared-dataset.js';

const path = requireSharedDataset();

describe('the public LLMEval-Med test set', () => {
  it('validates without problems to 667 questions in 571 conversations, in well under a second', () => {
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

  it('round-trips to an equal object and to its own text apart from CRLF line ends', () => {
    const text = readFileSync(path, 'utf8');
    const data = parseSeedJson(text, path);
    const exported = toSeedFile(validateDataset(data, path).questions);
    expect(exported).toStrictEqual(data);
    expect(serializeSeedFile(exported)).toBe(text.replace(/\r\n/g, '\n'));
  });
});

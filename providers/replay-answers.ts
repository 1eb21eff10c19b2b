import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { categoryCodeOf, CATEGORY_CODES } from '../dataset/categories.js';
import { parseSeedJson } from '../dataset/read-json.js';
import { questionId } from '../dataset/schema.js';

/** One stored answer and where it came from (file and row), for error messages. */
export interface StoredAnswer {
  questionId: string;
  /** absent: the file holds one answer per question, served for any sample */
  sample?: number;
  answer: string;
  source: string;
}

/**
 * An LLMEval-Med answer file as the seed repository's generation script writes it: the dataset's own shape
 * (object keyed by Chinese category name, lists of items) with `model_answer` added to each item.
 * Items whose `model_answer` is null or NaN (pandas' empty cell) are left out, so asking for them is a
 * missing answer; any other non-string is an error.
 */
export function parseSeedAnswers(data: unknown, file: string): StoredAnswer[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`${file}: expected an object keyed by category name (the LLMEval-Med answer format)`);
  }
  return Object.entries(data).flatMap(([categoryName, items]) => {
    const category = categoryCodeOf(categoryName);
    if (!category) throw new Error(`${file}: unknown category "${categoryName}" (expected one of ${CATEGORY_CODES.join(', ')} or their Chinese names)`);
    if (!Array.isArray(items)) throw new Error(`${file}: ${categoryName}: expected a list of items`);
    return items.flatMap((item: unknown, index): StoredAnswer[] => {
      const where = `${file}: ${categoryName}[${index}]`;
      const { groupCode, round, model_answer: answer } = (item ?? {}) as Record<string, unknown>;
      if (typeof groupCode !== 'number' && typeof groupCode !== 'string') throw new Error(`${where}.groupCode: expected a number or string`);
      if (typeof round !== 'number' || !Number.isInteger(round)) throw new Error(`${where}.round: expected an integer`);
      if (answer === undefined || answer === null || Number.isNaN(answer)) return [];
      if (typeof answer !== 'string') throw new Error(`${where}.model_answer: expected a string, got ${typeof answer}`);
      return [{ questionId: questionId(category, groupCode, round), answer, source: where }];
    });
  });
}

const QUESTION_ID = new RegExp(`^(${CATEGORY_CODES.join('|')})-.+-\\d+$`);

const AnswerLine = z.object({
  questionId: z.string().regex(QUESTION_ID, 'expected <category>-<groupCode>-<round>, e.g. MK-5-1'),
  sample: z.number().int().nonnegative().optional(),
  answer: z.string(),
});

/** Our own answer format: one JSON object per line, `{"questionId": "MK-5-1", "sample": 0, "answer": "..."}`. */
export function parseAnswerJsonl(text: string, file: string): StoredAnswer[] {
  return text.split(/\r?\n/).flatMap((line, index): StoredAnswer[] => {
    if (line.trim() === '') return [];
    const where = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new Error(`${where}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
    }
    const parsed = AnswerLine.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${where}: ${issue?.path.join('.') || '(line)'}: ${issue?.message ?? 'invalid'}`);
    }
    const { questionId: id, sample, answer } = parsed.data;
    return [{ questionId: id, answer, source: where, ...(sample !== undefined ? { sample } : {}) }];
  });
}

/** `.jsonl`/`.ndjson` files are our line format; anything else is read as the seed answer format. */
export async function readAnswerFile(file: string): Promise<StoredAnswer[]> {
  const text = await readFile(file, 'utf8');
  return /\.(jsonl|ndjson)$/i.test(file) ? parseAnswerJsonl(text, file) : parseSeedAnswers(parseSeedJson(text, file), file);
}

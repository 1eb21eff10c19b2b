import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProvider } from '../../../providers/kinds/index.js';
import { parseAnswerJsonl, parseSeedAnswers } from '../../../providers/replay-answers.js';
import { ReplayIndex } from '../../../providers/replay-index.js';
import { ReplayProvider } from '../../../providers/replay-provider.js';
import { failureOf } from './fixtures.js';

const item = (groupCode: number | string, round: number, model_answer: unknown) => ({
  category1: 'c1',
  category2: 'c2',
  scene: 's',
  problem: `problem ${groupCode}-${round}`,
  sanswer: 'ref',
  groupCode,
  round,
  model_answer,
});

// the seed repository's generation script output: the dataset's shape plus model_answer (pandas writes bare NaN)
const SEED_ANSWERS = `{
  "医疗知识": [${JSON.stringify(item(5, 1, '答案 MK-5-1'))}, ${JSON.stringify(item(5, 2, '答案 MK-5-2'))}],
  "医疗语言理解": [${JSON.stringify(item(322, 5, '答案 MLU-322-5'))}, ${JSON.stringify(item(9, 1, null)).replace('null', 'NaN')}]
}`;

const JSONL_ANSWERS = [
  JSON.stringify({ questionId: 'MR-3-1', sample: 0, answer: 'sample zero' }),
  JSON.stringify({ questionId: 'MR-3-1', sample: 2, answer: 'sample two' }),
  '',
  JSON.stringify({ questionId: 'MSE-7-2', answer: 'one for every sample' }),
].join('\n');

const ask = (questionId: string, sample?: number) => ({
  model: 'replayed-model',
  messages: [{ role: 'user' as const, content: 'ignored' }],
  params: {},
  ref: { questionId, ...(sample !== undefined ? { sample } : {}) },
});

describe('replay provider', () => {
  let dir: string;
  let seedFile: string;
  let jsonlFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'medeval-replay-'));
    seedFile = join(dir, 'dataset_output.json');
    jsonlFile = join(dir, 'answers.jsonl');
    await writeFile(seedFile, SEED_ANSWERS);
    await writeFile(jsonlFile, JSONL_ANSWERS);
  });

  it('returns stored seed-format answers by (category, groupCode, round)', async () => {
    const provider = createProvider({ name: 'r', kind: 'replay', model: 'replayed-model', replayFiles: [seedFile] });
    const result = await provider.complete(ask('MLU-322-5'));
    expect(result).toMatchObject({ text: '答案 MLU-322-5', finishReason: 'stop', model: 'replayed-model', usage: { inputTokens: 0, outputTokens: 0 } });
    expect((await provider.complete(ask('MK-5-2', 1))).text).toBe('答案 MK-5-2');
  });

  it('a missing answer is a clear, non-retryable missing_answer naming the question and files', async () => {
    const provider = new ReplayProvider([seedFile]);
    const err = await failureOf(provider.complete(ask('MK-5-3')));
    expect(err).toMatchObject({ kind: 'missing_answer', retryable: false });
    expect(err.message).toContain(`no answer for MK-5-3 in ${seedFile}`);
    // NaN model_answer (pandas' empty cell) counts as missing
    expect(await failureOf(provider.complete(ask('MLU-9-1')))).toMatchObject({ kind: 'missing_answer' });
  });

  it('JSONL answers by sample; an answer stored without a sample serves every sample', async () => {
    const provider = new ReplayProvider([jsonlFile, seedFile]);
    expect((await provider.complete(ask('MR-3-1', 2))).text).toBe('sample two');
    expect((await provider.complete(ask('MR-3-1'))).text).toBe('sample zero');
    expect((await provider.complete(ask('MSE-7-2', 1))).text).toBe('one for every sample');
    expect(await failureOf(provider.complete(ask('MR-3-1', 1)))).toMatchObject({ kind: 'missing_answer', message: expect.stringContaining('MR-3-1 sample 1') });
    expect((await provider.load()).size).toBe(6);
  });

  it('a request without a question reference is a bad_request', async () => {
    const err = await failureOf(new ReplayProvider([jsonlFile]).complete({ model: 'm', messages: [], params: {} }));
    expect(err).toMatchObject({ kind: 'bad_request', retryable: false });
  });

  it('an unreadable file is a bad_request naming the file', async () => {
    const err = await failureOf(new ReplayProvider([join(dir, 'absent.json')]).complete(ask('MK-5-1')));
    expect(err).toMatchObject({ kind: 'bad_request', message: expect.stringContaining('absent.json') });
  });
});

describe('answer file parsing names the file, row and field', () => {
  it.each([
    ['{"questionId": "MK-1-1", "answer": 5}', 'a.jsonl:1: answer:'],
    ['\n{"questionId": "XX-1-1", "answer": "a"}', 'a.jsonl:2: questionId: expected <category>-<groupCode>-<round>'],
    ['{"questionId": "MK-1-1", "sample": -1, "answer": "a"}', 'a.jsonl:1: sample:'],
    ['{oops', 'a.jsonl:1: not valid JSON'],
  ])('JSONL %s', (text, expected) => {
    expect(() => parseAnswerJsonl(text, 'a.jsonl')).toThrow(expected);
  });

  it.each([
    [{ 未知: [] }, 'unknown category "未知"'],
    [{ 医疗知识: {} }, 'a.json: 医疗知识: expected a list'],
    [{ 医疗知识: [{ groupCode: 1, round: 1, model_answer: 3 }] }, 'a.json: 医疗知识[0].model_answer: expected a string'],
    [{ 医疗知识: [{ round: 1, model_answer: 'x' }] }, 'a.json: 医疗知识[0].groupCode'],
    [[], 'a.json: expected an object keyed by category name'],
  ])('seed format %j', (data, expected) => {
    expect(() => parseSeedAnswers(data, 'a.json')).toThrow(expected);
  });

  it('a second answer for the same question and sample names both places', () => {
    const answers = parseAnswerJsonl('{"questionId":"MK-1-1","answer":"a"}\n{"questionId":"MK-1-1","answer":"b"}', 'a.jsonl');
    expect(() => new ReplayIndex(answers)).toThrow('a.jsonl:2: a second answer for MK-1-1 (the first is at a.jsonl:1)');
  });

  it('a blank stored answer is an empty_answer that retrying cannot fix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medeval-replay-'));
    const file = join(dir, 'blank.jsonl');
    await writeFile(file, '{"questionId":"MK-1-1","answer":"  "}');
    expect(await failureOf(new ReplayProvider([file]).complete(ask('MK-1-1')))).toMatchObject({ kind: 'empty_answer', retryable: false });
  });
});

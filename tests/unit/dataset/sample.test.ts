import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeSeedFile, toSeedFile } from '../../../dataset/export-format.js';
import { parseSeedJson } from '../../../dataset/read-json.js';
import type { SeedFile } from '../../../dataset/schema.js';
import { validateDataset } from '../../../dataset/validate.js';
import { repoPath } from './fixtures.js';

const text = readFileSync(repoPath('dataset/sample.json'), 'utf8');
const data = parseSeedJson(text, 'sample.json') as SeedFile;
const result = validateDataset(data, 'sample.json');

describe('dataset/sample.json', () => {
  it('validates without problems', () => {
    expect(result.problems).toEqual([]);
  });

  it('has 14 questions in 10 conversations across all five categories', () => {
    expect(result.summary).toEqual({
      MK: { questions: 4, conversations: 2 },
      MR: { questions: 2, conversations: 2 },
      MLU: { questions: 3, conversations: 2 },
      MSE: { questions: 3, conversations: 2 },
      MTG: { questions: 2, conversations: 2 },
      total: { questions: 14, conversations: 10 },
    });
  });

  it('has a 3-round MK conversation and 2-round MLU and MSE conversations', () => {
    const rounds = (prefix: string) => result.questions.filter((q) => q.id.startsWith(prefix)).map((q) => q.round);
    expect(rounds('MK-1-')).toEqual([1, 2, 3]);
    expect(rounds('MLU-1-')).toEqual([1, 2]);
    expect(rounds('MSE-1-')).toEqual([1, 2]);
  });

  it('mirrors the public format: difficulty and checklists where the public file has them', () => {
    const byCategory = (code: string) => result.questions.filter((q) => q.category === code);
    expect(byCategory('MR').concat(byCategory('MTG')).every((q) => !('difficulty' in q.source))).toBe(true);
    expect(byCategory('MR').concat(byCategory('MSE')).every((q) => !('checklist' in q.source))).toBe(true);
    expect(byCategory('MK').every((q) => q.difficulty !== undefined && /核心需求[\s\S]*次要需求/.test(q.checklist ?? ''))).toBe(true);
    expect(byCategory('MK').some((q) => q.checklist?.includes('一、核心需求') && q.checklist.includes('二、次要需求'))).toBe(true);
    expect(byCategory('MLU').map((q) => q.checklist === null)).toEqual([false, false, true]);
    expect(byCategory('MTG').map((q) => q.sanswer === '')).toEqual([false, true]);
  });

  it('contains bare NaN tokens, which are read as NaN', () => {
    expect(text.match(/: NaN\b/g)).toHaveLength(2);
    expect(data['医疗语言理解']?.[2]?.checklist).toBeNaN();
    expect(data['医疗文本生成']?.[1]?.sanswer).toBeNaN();
  });

  it('round-trips through toSeedFile, and serializes back to its own text', () => {
    const exported = toSeedFile(result.questions);
    expect(exported).toStrictEqual(data);
    expect(`${serializeSeedFile(exported)}\n`).toBe(text);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serializeSeedFile, toSeedFile } from '../../../dataset/export-format.js';
import { parseSeedJson } from '../../../dataset/read-json.js';
import type { SeedFile } from '../../../dataset/schema.js';
import { validateDataset } from '../../../dataset/validate.js';
import { knowledgeItem } from './fixtures.js';

describe('toSeedFile', () => {
  it('puts categories in canonical order under their Chinese names and items back in file order', () => {
    const mtg = knowledgeItem({ category1: '医疗文本生成', checklist: Number.NaN });
    const mk = [knowledgeItem({ groupCode: 9 }), knowledgeItem({ groupCode: 2 })];
    const { questions } = validateDataset({ 医疗文本生成: [mtg], 医疗知识: mk }, 'f');
    const file = toSeedFile([...questions].reverse());
    expect(Object.keys(file)).toEqual(['医疗知识', '医疗文本生成']);
    expect(file['医疗知识']?.[0]).toBe(mk[0]);
    expect(file['医疗知识']?.[1]).toBe(mk[1]);
    expect(file['医疗文本生成']).toEqual([mtg]);
  });
});

describe('serializeSeedFile', () => {
  const file: SeedFile = {
    医疗语言理解: [knowledgeItem({ category1: '一般语言理解', checklist: Number.NaN, sanswer: 131 })],
  };

  it('writes 4-space indented JSON with unescaped Chinese and a bare NaN', () => {
    const text = serializeSeedFile(file);
    expect(text.split('\n').slice(0, 4)).toEqual(['{', '    "医疗语言理解": [', '        {', '            "category1": "一般语言理解",']);
    expect(text).toContain('\n            "sanswer": 131,\n');
    expect(text).toContain('\n            "checklist": NaN\n        }\n    ]\n}');
  });

  it('is read back by parseSeedJson to an equal object, NaN included', () => {
    const back = parseSeedJson(serializeSeedFile(file), 'f') as SeedFile;
    expect(back).toStrictEqual(file);
    expect(back['医疗语言理解']?.[0]?.checklist).toBeNaN();
  });

  it('writes NaN-free data exactly as JSON.stringify(value, null, 4) does', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.array(fc.jsonValue())), (value) => {
        expect(serializeSeedFile(value as SeedFile)).toBe(JSON.stringify(value, null, 4));
      }),
    );
  });

  it('drops undefined members like JSON.stringify', () => {
    expect(serializeSeedFile({ a: [{ x: undefined, y: 1 } as never] })).toBe('{\n    "a": [\n        {\n            "y": 1\n        }\n    ]\n}');
  });
});

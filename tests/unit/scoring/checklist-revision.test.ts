import { describe, expect, it } from 'vitest';
import { checkRefinedChecklist } from '../../../scoring/checklist-revision.js';

describe('a refined checklist', () => {
  it('is kept as written, its line ends made plain', () => {
    expect(checkRefinedChecklist('核心需求：\r\n1. 指出诊断\r\n2. 给出用药\r\n次要需求：\r\n1. 提醒复诊\r\n', 'c.txt')).toBe('核心需求：\n1. 指出诊断\n2. 给出用药\n次要需求：\n1. 提醒复诊');
  });

  it('is refused, naming the file, when a judge would score against nothing', () => {
    expect(() => checkRefinedChecklist(' \n\t', 'empty.txt')).toThrow(/^empty\.txt: the checklist is empty/);
    expect(() => checkRefinedChecklist('核心需求：无\n次要需求：无', 'none.txt')).toThrow(/^none\.txt: no checklist item found/);
    expect(() => checkRefinedChecklist(`核心需求：\n1. ${'长'.repeat(20_001)}`, 'long.txt')).toThrow(/^long\.txt: the checklist has 20\d{3} characters, more than 20000/);
  });
});

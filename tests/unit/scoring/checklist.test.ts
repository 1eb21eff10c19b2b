import { describe, expect, it } from 'vitest';
import { coreRequirements, parseChecklist } from '../../../scoring/checklist.js';
import { sharedQuestions } from '../../support/shared-dataset.js';

describe('parseChecklist', () => {
  it('returns nothing for no checklist', () => {
    expect(parseChecklist(null)).toEqual({ core: [], secondary: [], unsectioned: [] });
    expect(parseChecklist('  \n ')).toEqual({ core: [], secondary: [], unsectioned: [] });
  });

  it('reads the common layout: 核心需求： / 次要需求： with numbered items', () => {
    expect(parseChecklist('核心需求：\n1. 甲\n2. 乙\n\n次要需求：\n1. 丙')).toEqual({ core: ['甲', '乙'], secondary: ['丙'], unsectioned: [] });
  });

  it.each([
    ['一、核心需求：\n1. 甲\n二、次要需求：\n1. 乙', 'ordinal and full-width colon'],
    ['一、核心需求\n1. 甲\n二、次要需求\n1. 乙', 'ordinal without colon'],
    ['核心需求:\n1. 甲\n次要需求:\n1. 乙', 'half-width colon'],
    ['【核心需求】\n1、甲\n【次要需求】\n（1）乙', 'brackets, 1、 and （1）'],
    ['**核心需求**：\n- 甲\n**次要需求**：\n• 乙', 'markdown emphasis and bullets'],
    ['Core requirements:\n1) 甲\nSecondary requirements:\n① 乙', 'English headings'],
    ['核心需求：甲\n次要需求：乙', 'content on the heading line'],
  ])('reads %j (%s)', (text) => {
    expect(parseChecklist(text)).toEqual({ core: ['甲'], secondary: ['乙'], unsectioned: [] });
  });

  it('joins unnumbered lines to the item above them', () => {
    expect(parseChecklist('核心需求：\n1. 第一行\n   续行\n2. 乙').core).toEqual(['第一行 续行', '乙']);
  });

  it('reads an unnumbered section as one item per line, and "无" as no items', () => {
    expect(parseChecklist('核心需求：\n1. 甲\n次要需求：\n可使用图表。\n可附参考文献。').secondary).toEqual(['可使用图表。', '可附参考文献。']);
    expect(parseChecklist('核心需求：\n1. 甲\n次要需求：\n无').secondary).toEqual([]);
  });

  it('does not mistake an item that starts with the heading word for a heading', () => {
    expect(parseChecklist('核心需求：\n核心需求是说明病因\n次要需求：\n1. 乙').core).toEqual(['核心需求是说明病因']);
  });

  it('keeps a number that is part of the text', () => {
    expect(parseChecklist('核心需求：\n1. 剂量 2.5 mg\n2.5 mg 以下不必调整').core).toEqual(['剂量 2.5 mg 2.5 mg 以下不必调整']);
  });

  it('puts items without a heading in unsectioned, which counts as core', () => {
    const parsed = parseChecklist('1. 甲\n2. 乙\n次要需求：\n1. 丙');
    expect(parsed).toEqual({ core: [], secondary: ['丙'], unsectioned: ['甲', '乙'] });
    expect(coreRequirements(parsed)).toEqual(['甲', '乙']);
    expect(coreRequirements({ core: ['a'], secondary: [], unsectioned: ['b'] })).toEqual(['a', 'b']);
  });
});

describe('checklists of the shared test set', () => {
  it('yields at least one core item for every MK question, and every heading is recognised', async () => {
    const questions = await sharedQuestions();
    const mk = questions.filter((q) => q.category === 'MK');
    expect(mk).toHaveLength(141);
    for (const q of mk) expect(coreRequirements(parseChecklist(q.checklist)).length, q.id).toBeGreaterThan(0);
    for (const q of questions.filter((x) => x.checklist !== null)) {
      const parsed = parseChecklist(q.checklist);
      expect(parsed.unsectioned, q.id).toEqual([]);
      expect(parsed.core.length, q.id).toBeGreaterThan(0);
      for (const item of [...parsed.core, ...parsed.secondary]) expect(item, q.id).not.toMatch(/^(?:[一二]、)?(?:核心|次要)需求/);
    }
  });

  it('reads the irregular items of the shared set', async () => {
    const byId = new Map((await sharedQuestions()).map((q) => [q.id, q]));
    expect(parseChecklist(byId.get('MK-32-2')!.checklist).secondary).toEqual([]);
    expect(parseChecklist(byId.get('MK-199-1')!.checklist).secondary[0]).toMatch(/^说明手术效果的个体差异/);
    expect(parseChecklist(byId.get('MK-199-2')!.checklist).secondary).toHaveLength(2);
    expect(parseChecklist(byId.get('MTG-276-1')!.checklist).secondary).toEqual(['可使用图表或数据图示增强文章的说服力和可视化效果。']);
  });
});

import { describe, expect, it } from 'vitest';
import { formatSummaryTable, summarize } from '../../../dataset/summary.js';
import { validateDataset } from '../../../dataset/validate.js';
import { knowledgeItem } from './fixtures.js';

describe('summarize', () => {
  it('counts conversations by groupCode within a category, so equal codes in two categories are two conversations', () => {
    const { questions } = validateDataset(
      { 医疗知识: [knowledgeItem(), knowledgeItem({ round: 2 })], 医疗安全伦理: [knowledgeItem({ category1: '医疗安全伦理' })] },
      'f',
    );
    const summary = summarize(questions);
    expect(summary.MK).toEqual({ questions: 2, conversations: 1 });
    expect(summary.MSE).toEqual({ questions: 1, conversations: 1 });
    expect(summary.total).toEqual({ questions: 3, conversations: 2 });
  });
});

describe('formatSummaryTable', () => {
  it('right-aligns the counts and puts the Chinese name last', () => {
    const counts = (questions: number, conversations: number) => ({ questions, conversations });
    const table = formatSummaryTable({
      MK: counts(141, 93),
      MR: counts(102, 102),
      MLU: counts(213, 178),
      MSE: counts(109, 98),
      MTG: counts(2, 1),
      total: counts(567, 472),
    });
    expect(table.split('\n')).toEqual([
      'code  questions  conversations  category',
      'MK          141             93  医疗知识',
      'MR          102            102  医疗推理',
      'MLU         213            178  医疗语言理解',
      'MSE         109             98  医疗安全伦理',
      'MTG           2              1  医疗文本生成',
      'total       567            472',
    ]);
  });
});

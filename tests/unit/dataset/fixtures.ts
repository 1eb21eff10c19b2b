import type { SeedItem } from '../../../dataset/schema.js';

/** A valid 医疗知识 item; override fields to make it invalid in one specific way. */
export function knowledgeItem(overrides: Record<string, unknown> = {}): SeedItem {
  return {
    category1: '医疗知识',
    category2: '疾病相关',
    scene: '疾病相关_疾病综述',
    round: 1,
    problem: '高血压的诊断标准是什么？',
    groupCode: 1,
    sanswer: '非同日三次测量诊室血压，收缩压≥140 mmHg和/或舒张压≥90 mmHg。',
    difficulty: '易',
    checklist: '核心需求：\n1. 内容要求：给出140/90 mmHg的界值。',
    ...overrides,
  } as SeedItem;
}

export const repoPath = (relative: string): URL => new URL(`../../../${relative}`, import.meta.url);

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistHistory, refineChecklist } from '../../campaign/checklist-versions.js';
import { collections } from '../../store/collections.js';
import type { QuestionDoc } from '../../store/dataset-docs.js';
import { campaignHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { harnessEnv, runMedeval } from '../support/cli-run.js';

let h: CampaignHarness;
let scratch: string;
let question: QuestionDoc;

beforeAll(async () => {
  h = await campaignHarness();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'medeval-refine-'));
  question = (await collections(h.db).questions.findOne({ category: 'MK', checklist: { $ne: null } }))!;
});
afterAll(async () => {
  await h?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const file = (name: string, text: string) => {
  const f = path.join(scratch, name);
  writeFileSync(f, text);
  return f;
};

describe('checklist versions', () => {
  it('CLI: a refinement is stored as the next version with author and reason; the imported question is untouched; the same text again stores nothing', async () => {
    const before = await collections(h.db).questions.findOne({ _id: question._id });
    const env = harnessEnv(h, path.join(scratch, 'home'));
    const args = ['refine', 'checklist', '--dataset', 'sample', '--question', question.questionId, '--file', file('v1.txt', '核心需求：\n1. 明确诊断\n2. 说明首选治疗\n次要需求：\n1. 提醒随访\n'), '--reason', 'physicians: item 2 was missing', '--author', 'Dr. Li'];
    const first = await runMedeval(args, env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/checklist version 1 stored/);
    expect((await runMedeval(args, env)).stdout).toMatch(/already version 1's text; nothing stored/);

    const history = await runMedeval(['refine', 'history', '--dataset', 'sample', '--question', question.questionId, '--json'], env);
    const parsed = JSON.parse(history.stdout) as { versions: { version: number; author?: string; reason?: string; checklist: string | null }[] };
    expect(parsed.versions.map((v) => [v.version, v.author ?? null, v.reason ?? null])).toEqual([
      [0, null, null],
      [1, 'Dr. Li', 'physicians: item 2 was missing'],
    ]);
    expect(parsed.versions[0]!.checklist).toBe(question.checklist);
    expect(parsed.versions[1]!.checklist).toBe('核心需求：\n1. 明确诊断\n2. 说明首选治疗\n次要需求：\n1. 提醒随访');
    expect(await collections(h.db).questions.findOne({ _id: question._id })).toEqual(before);
  });

  it('refuses what it cannot store, naming the file or field, and stores nothing', async () => {
    const count = () => collections(h.db).checklistVersions.countDocuments({ questionId: question.questionId });
    const stored = await count();
    const input = { dataset: 'sample', questionId: question.questionId, reason: 'r', author: 'Dr. Li' };
    await expect(refineChecklist(h.db, { ...input, file: file('none.txt', '核心需求：无') })).rejects.toThrow(/none\.txt: no checklist item found/);
    await expect(refineChecklist(h.db, { ...input, file: path.join(scratch, 'missing.txt') })).rejects.toThrow(/missing\.txt: cannot read the checklist file/);
    await expect(refineChecklist(h.db, { ...input, reason: ' ', file: file('ok.txt', '1. 明确诊断') })).rejects.toThrow(/^--reason: /);
    await expect(refineChecklist(h.db, { ...input, questionId: 'no-such-question', file: file('ok2.txt', '1. 明确诊断') })).rejects.toThrow(/has no question no-such-question/);
    await expect(refineChecklist(h.db, { ...input, dataset: 'no-such-dataset', file: file('ok3.txt', '1. 明确诊断') })).rejects.toThrow(/no-such-dataset/);
    expect(await count()).toBe(stored);
    // a second refinement is version 2; the history lists all three
    expect(await refineChecklist(h.db, { ...input, file: file('v2.txt', '1. 明确诊断\n2. 说明首选治疗及剂量') })).toMatchObject({ version: 2, created: true });
    expect((await checklistHistory(h.db, { dataset: 'sample', questionId: question.questionId })).versions.map((v) => v.version)).toEqual([0, 1, 2]);
  });
});

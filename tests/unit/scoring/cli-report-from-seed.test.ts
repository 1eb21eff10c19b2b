import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

async function medeval(args: string[], input?: string): Promise<string> {
  const child = run('node', ['bin/medeval.js', ...args], { cwd: ROOT });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  return (await child).stdout;
}

const NAMES = { MK: '医疗知识', MLU: '医疗语言理解', MR: '医疗推理', MSE: '医疗安全伦理', MTG: '医疗文本生成' } as const;
type Code = keyof typeof NAMES;

/**
 * Scores per question across three judge rounds, in every form a seed file may hold them: numbers, numeric
 * strings, "-1"/-1 (no score), out of range, empty, non-numeric, and missing (undefined).
 */
const SCORES: [Code, number, number, unknown[]][] = [
  ['MK', 1, 1, ['4', 5, '4']],
  ['MK', 1, 2, ['3', '-1', 4]],
  ['MK', 2, 1, [-1, '', undefined]],
  ['MLU', 1, 1, ['5', '6', 'abc']],
  ['MLU', 2, 1, [3, 3, 5]],
  ['MLU', 3, 1, ['4.5', 3.5, null]],
  ['MR', 1, 1, [2, '2', 7]],
  ['MR', 2, 1, [undefined, undefined, '4']],
  ['MSE', 1, 1, ['4', '4', '3']],
  ['MSE', 1, 2, [' 5 ', '-1', '-1']],
  ['MTG', 1, 1, [0, '1', '5']],
];

function seedFile(judgeRound: number): Record<string, unknown[]> {
  const file: Record<string, unknown[]> = {};
  for (const [code, groupCode, round, scores] of SCORES) {
    const item: Record<string, unknown> = {
      category1: NAMES[code],
      category2: 'sub',
      scene: 'scene',
      round,
      problem: `question ${code} ${groupCode} ${round}`,
      groupCode,
      sanswer: 'reference',
      model_answer: 'answer',
      model_answer_judgement: 'judgement',
    };
    if (scores[judgeRound] !== undefined) item.model_answer_score = scores[judgeRound];
    (file[NAMES[code]] ??= []).push(item);
  }
  return file;
}

/** The expected figures, computed plainly from SCORES without the project's code. */
function expected(threshold: number) {
  const valid = (raw: unknown): number | undefined => {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : undefined;
    return n !== undefined && n >= 0 && n <= 5 ? n : undefined;
  };
  const categories: Record<string, { questions: number; usable: number; usability: number }> = {};
  let usable = 0;
  for (const [code, , , scores] of SCORES) {
    const ok = scores.map(valid).filter((n): n is number => n !== undefined);
    const isUsable = ok.length > 0 && ok.reduce((a, b) => a + b, 0) / ok.length >= threshold;
    const c = (categories[code] ??= { questions: 0, usable: 0, usability: 0 });
    c.questions++;
    if (isUsable) {
      c.usable++;
      usable++;
    }
  }
  for (const c of Object.values(categories)) c.usability = (c.usable / c.questions) * 100;
  return { overall: { questions: SCORES.length, usable, op: (usable / SCORES.length) * 100 }, categories };
}

async function seedFiles(): Promise<{ dir: string; files: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'medeval-seed-'));
  const files = [0, 1, 2].map((r) => join(dir, `run${r + 1}.json`));
  await Promise.all(files.map((file, r) => writeFile(file, JSON.stringify(seedFile(r)))));
  return { dir, files };
}

describe.concurrent('medeval report --from-seed', { timeout: 60_000 }, () => {
  it.each([4, 3])('matches an independent computation (threshold %d)', async (threshold) => {
    const { files } = await seedFiles();
    const report = JSON.parse(await medeval(['report', '--from-seed', ...files, '--format', 'json', '--threshold', String(threshold)]));
    const want = expected(threshold);
    expect(report.overall).toMatchObject({ questions: want.overall.questions, usable: want.overall.usable });
    expect(report.overall.op).toBeCloseTo(want.overall.op, 10);
    for (const [code, c] of Object.entries(want.categories)) {
      expect(report.categories[code], code).toMatchObject({ questions: c.questions, usable: c.usable });
      expect(report.categories[code].usability, code).toBeCloseTo(c.usability, 10);
    }
    expect(report.models[0].counts).toMatchObject({ samples: 1, judgeRounds: 3 });
  });

  it('writes Markdown with SVG charts and an HTML report next to it', async () => {
    const { dir, files } = await seedFiles();
    const out = join(dir, 'report.md');
    const stdout = await medeval(['report', '--from-seed', ...files, '--out', out, '--model', 'seed-model', '--judge-model', 'gpt-4o']);
    expect(stdout).toContain(`wrote ${join(dir, 'report.html')}`);
    const md = await readFile(out, 'utf8');
    expect(md).toContain('![Usability per category](report.usability.svg)');
    expect(md).toContain('**Judge model(s):** gpt-4o');
    expect(await readFile(join(dir, 'report.usability.svg'), 'utf8')).toMatch(/^<svg/);
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('<td>seed-model</td>');
  });
});

describe.concurrent('medeval judge parse', { timeout: 60_000 }, () => {
  it('reads stdin and prints score, valid and reason', async () => {
    expect(JSON.parse(await medeval(['judge', 'parse', '-'], '{"rationale": "fine", "score": 4}'))).toEqual({ score: 4, valid: true, reason: null });
    expect(JSON.parse(await medeval(['judge', 'parse'], '[3] then [5]'))).toEqual({ score: null, valid: false, reason: 'conflicting scores: 3, 5' });
  });

  it('reads a file', async () => {
    const { dir } = await seedFiles();
    const file = join(dir, 'judge.txt');
    await writeFile(file, '评分：3分');
    expect(JSON.parse(await medeval(['judge', 'parse', file]))).toEqual({ score: 3, valid: true, reason: null });
  });
});

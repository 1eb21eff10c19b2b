import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { knowledgeItem, repoPath } from './fixtures.js';

const root = fileURLToPath(repoPath(''));
const dir = mkdtempSync(join(tmpdir(), 'medeval-cli-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function medeval(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', ['bin/medeval.js', ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

function write(name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data, null, 4));
  return file;
}

const valid = {
  医疗知识: [knowledgeItem(), knowledgeItem({ round: 2 }), knowledgeItem({ groupCode: 2 })],
  医疗推理: [knowledgeItem({ category1: '医疗推理', difficulty: undefined, checklist: undefined })],
};
const invalid = {
  医疗知识: [knowledgeItem(), knowledgeItem({ round: '2a' }), knowledgeItem({ groupCode: 2, difficulty: '很难' })],
};

// each run starts Node and tsx: about a second on an idle machine, several on a busy one
describe('medeval dataset validate', { timeout: 30_000 }, () => {
  it('prints the per-category table and exits 0 for a valid file', async () => {
    const file = write('valid.json', valid);
    const run = await medeval('dataset', 'validate', file);
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'code  questions  conversations  category',
        'MK            3              2  医疗知识',
        'MR            1              1  医疗推理',
        'MLU           0              0  医疗语言理解',
        'MSE           0              0  医疗安全伦理',
        'MTG           0              0  医疗文本生成',
        'total         4              3',
        `${file}: valid`,
        '',
      ].join('\n'),
    });
  });

  it('prints every problem to stderr and exits 1 for an invalid file', async () => {
    const file = write('invalid.json', invalid);
    const run = await medeval('dataset', 'validate', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      `${file}: 医疗知识[1] (groupCode 1, round "2a") field "round": must be a positive integer, got "2a"`,
      `${file}: 医疗知识[2] (groupCode 2, round 1) field "difficulty": must be one of 易, 中, 难, got "很难"`,
      `${file}: 2 problems`,
      '',
    ]);
  });

  it('prints one JSON object with --json', async () => {
    const file = write('invalid-json-mode.json', invalid);
    const run = await medeval('dataset', 'validate', file, '--json');
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout);
    expect(output).toMatchObject({
      file,
      valid: false,
      summary: { MK: { questions: 1, conversations: 1 }, MR: { questions: 0, conversations: 0 }, total: { questions: 1, conversations: 1 } },
    });
    expect(output.problems).toEqual([
      { file, category: '医疗知识', index: 1, groupCode: 1, round: '2a', field: 'round', message: 'must be a positive integer, got "2a"' },
      { file, category: '医疗知识', index: 2, groupCode: 2, round: 1, field: 'difficulty', message: 'must be one of 易, 中, 难, got "很难"' },
    ]);
  });

  it('reports valid: true and no problems with --json for a valid file', async () => {
    const run = await medeval('dataset', 'validate', 'dataset/sample.json', '--json');
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output).toMatchObject({ file: 'dataset/sample.json', valid: true, problems: [] });
    expect(output.summary.total).toEqual({ questions: 14, conversations: 10 });
  });

  it('reports a file that is not JSON in one line naming it', async () => {
    const file = write('not-json.json', 'question,answer\n');
    const run = await medeval('dataset', 'validate', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\([^\\n]+\\)\\n$`));
  });

  it('reports a missing file in one line naming it', async () => {
    const file = join(dir, 'missing.json');
    const run = await medeval('dataset', 'validate', file);
    expect(run).toEqual({ code: 1, stdout: '', stderr: `${file}: cannot read file (no such file)\n` });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDatasetFile } from '../../../dataset/validate-file.js';
import { knowledgeItem } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'medeval-dataset-'));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('validateDatasetFile', () => {
  it('reports a missing file as one problem naming it', async () => {
    const file = join(dir, 'absent.json');
    const result = await validateDatasetFile(file);
    expect(result.problems).toEqual([{ file, message: 'cannot read file (no such file)' }]);
    expect(result.summary.total).toEqual({ questions: 0, conversations: 0 });
  });

  it('reports text that is not JSON as one problem, without repeating the file name', async () => {
    const file = write('broken.json', '{"医疗知识": [');
    const { problems } = await validateDatasetFile(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.file).toBe(file);
    expect(problems[0]?.message).toBe('not valid JSON (line 1, column 11: expected a value, found the end of the file)');
  });

  it('validates a readable file, bare NaN included', async () => {
    const file = write('ok.json', JSON.stringify({ 医疗知识: [knowledgeItem({ checklist: 'NAN_TOKEN' })] }).replace('"NAN_TOKEN"', 'NaN'));
    const result = await validateDatasetFile(file);
    expect(result.problems).toEqual([]);
    expect(result.questions.map((q) => [q.id, q.checklist])).toEqual([['MK-1-1', null]]);
  });
});

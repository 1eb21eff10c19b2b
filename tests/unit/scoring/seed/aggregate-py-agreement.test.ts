import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { categoryNameOf, type CategoryCode, CATEGORY_CODES } from '../../../../dataset/categories.js';
import { aggregateScores } from '../../../../scoring/aggregate/aggregate.js';
import { formatPercent } from '../../../../scoring/report/number-format.js';
import { readScoredFiles } from '../../../../scoring/seed/read-scored-files.js';

const DIR = fileURLToPath(new URL('../../../fixtures/seed-edge/', import.meta.url));
const files = ['run1.json', 'run2.json', 'run3.json'].map((file) => ({ file, text: readFileSync(`${DIR}${file}`, 'utf8') }));

interface PySummary {
  per_category: Record<string, { category: string; n_questions: number; n_usable: number; usability_rate: number }>;
  overall: { n_questions: number; n_usable: number; OP: number };
}
/** Aggregate.py's own output on these files (see the fixture's README): the oracle. */
const python = JSON.parse(readFileSync(`${DIR}aggregate-py-summary.json`, 'utf8')) as PySummary;

describe('report --from-seed agrees with Aggregate.py on a file with every edge case', () => {
  const read = readScoredFiles(files, { model: 'm' });
  const result = aggregateScores(read.records);
  const model = result.models[0]!;

  it('per category: questions, usable and the two-decimal usability', () => {
    for (const [code, py] of Object.entries(python.per_category)) {
      const ours = model.categories[code];
      expect(ours, code).toBeDefined();
      expect(ours!.questions, code).toBe(py.n_questions);
      expect(ours!.usable, code).toBe(py.n_usable);
      expect(formatPercent(ours!.usability), code).toBe(py.usability_rate.toFixed(2));
      if ((CATEGORY_CODES as readonly string[]).includes(code)) expect(py.category).toBe(categoryNameOf(code as CategoryCode));
    }
    expect(Object.keys(model.categories).sort()).toEqual(Object.keys(python.per_category).sort());
  });

  it('overall: questions, usable and OP', () => {
    expect(model.overall.questions).toBe(python.overall.n_questions);
    expect(model.overall.usable).toBe(python.overall.n_usable);
    expect(formatPercent(model.overall.op)).toBe(python.overall.OP.toFixed(2));
  });

  it('says what it read differently from a plain reading', () => {
    expect(read.warnings).toContain('run1.json: category key "医疗安全伦理" is given twice (lines 2 and 566); the last one is read, as Python\'s json does');
    expect(read.warnings).toContain('run1.json: 医疗知识[10]: repeats the question of 医疗知识[0]; its score is added to that question, as Aggregate.py does');
    expect(read.warnings).toContain('run1.json: 医疗推理[2]: has no groupCode or no round: identified by its problem text, as Aggregate.py does');
    expect(read.warnings.filter((w) => w.includes('difficulty'))).toHaveLength(3);
  });
});

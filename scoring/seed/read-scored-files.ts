/**
 * Reads the LLMEval-Med repository's scored files the way its evaluate/Aggregate.py reads them, so that every
 * figure agrees to the last digit: the dataset format (category name → list of items) where each item carries
 * `model_answer`, `model_answer_score` and `model_answer_judgement`. One file is one judge round of one model.
 *
 * What Aggregate.py does, and so what this does:
 * - a question is (category, str(groupCode), str(round)), or (category, problem) where either field is absent;
 *   items of one question across files and within a file all add their scores to it;
 * - a score cell is valid when Python's float() reads it and it lies in [0, 5] (see score-cell.ts);
 * - a key given twice in one object keeps its last value, as Python's json does.
 * Unlike Aggregate.py, it says so: every such case is a warning naming the file and the item.
 */
import { categoryCodeOf, CATEGORIES } from '../../dataset/categories.js';
import { parseJsonText, type JsonText } from '../../dataset/json-text.js';
import type { QuestionMeta, ScoreRecord } from '../score-record.js';
import { pythonStr } from './python-str.js';
import { parseSeedScore } from './score-cell.js';
import { SeedWarnings } from './warnings.js';

export interface SeedQuestion extends QuestionMeta {
  problem: string;
}

export interface SeedScoredRecord extends ScoreRecord {
  answer: string;
  judgement: string;
}

export interface SeedFileText {
  file: string;
  text: string;
}

export interface SeedReadOptions {
  model: string;
  judge?: string;
  templateVersion?: string;
  /** the valid score range; Aggregate.py's is [0, 5] */
  min?: number;
  max?: number;
}

export interface SeedRead {
  /** in the order Aggregate.py first meets them */
  questions: SeedQuestion[];
  /** one per item per file; file i is judge round i */
  records: SeedScoredRecord[];
  warnings: string[];
}

const ENGLISH_DIFFICULTY: Record<string, string> = { easy: '易', medium: '中', hard: '难' };
const DIFFICULTIES = new Set(['易', '中', '难']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value)) || (typeof value === 'string' && value.trim() === '');
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

class QuestionIndex {
  readonly questions: SeedQuestion[] = [];
  private readonly byKey = new Map<string, SeedQuestion>();
  private readonly ids = new Set<string>();
  private readonly problemCounts = new Map<string, number>();

  find(key: string) {
    return this.byKey.get(key);
  }

  add(key: string, question: Omit<SeedQuestion, 'id'>, idHint: string | undefined): SeedQuestion {
    let id = idHint;
    if (id === undefined) {
      const n = (this.problemCounts.get(question.category) ?? 0) + 1;
      this.problemCounts.set(question.category, n);
      id = `${question.category}-problem-${n}`;
    }
    // two different keys may print alike (groupCode "1-2", round 3 and groupCode 1, round "2-3")
    for (let k = 2; this.ids.has(id); k += 1) id = `${idHint ?? id}#${k}`;
    this.ids.add(id);
    const full = { id, ...question };
    this.byKey.set(key, full);
    this.questions.push(full);
    return full;
  }
}

function readDifficulty(raw: unknown, at: string, file: string, warnings: SeedWarnings): string | undefined {
  if (isEmpty(raw)) return undefined;
  if (typeof raw === 'string' && DIFFICULTIES.has(raw)) return raw;
  const english = typeof raw === 'string' ? ENGLISH_DIFFICULTY[raw.trim().toLowerCase()] : undefined;
  if (english) {
    warnings.add(file, `difficulty ${JSON.stringify(raw)} read as ${english}`, at);
    return english;
  }
  const shown = typeof raw === 'string' ? raw : pythonStr(raw);
  warnings.add(file, `difficulty ${JSON.stringify(shown)} is not 易/中/难 (or Easy/Medium/Hard); kept as written`, at);
  return shown;
}

function warnDuplicates(json: JsonText, file: string, warnings: SeedWarnings): void {
  for (const d of json.duplicates) {
    const what = d.path === '(top level)' ? `category key ${JSON.stringify(d.key)}` : `key ${JSON.stringify(d.key)} in ${d.path}`;
    warnings.add(file, `${what} is given twice (lines ${d.firstLine} and ${d.line}); the last one is read, as Python's json does`);
  }
}

/** Reads the scored files of one model together: questions are matched across files as Aggregate.py matches them. */
export function readScoredFiles(files: readonly SeedFileText[], options: SeedReadOptions): SeedRead {
  const index = new QuestionIndex();
  const records: SeedScoredRecord[] = [];
  const warnings = new SeedWarnings();

  files.forEach(({ file, text: source }, judgeRound) => {
    const json = parseJsonText(source, file);
    warnDuplicates(json, file, warnings);
    const data = json.value;
    if (!isObject(data)) throw new Error(`${file}: expected an object mapping category names to lists of items, got ${kindOf(data)}`);
    const seenHere = new Map<string, string>();
    for (const [name, items] of Object.entries(data)) {
      const category = categoryCodeOf(name) ?? name;
      if (!categoryCodeOf(name)) {
        warnings.add(file, `category ${JSON.stringify(name)} is not one of ${CATEGORIES.map((c) => c.name).join(', ')}; its questions get a row of their own`);
      }
      if (!Array.isArray(items)) throw new Error(`${file}: ${JSON.stringify(name)} must be a list of items, got ${kindOf(items)}`);
      items.forEach((item: unknown, i) => {
        const at = `${name}[${i}]`;
        if (!isObject(item)) throw new Error(`${file}: ${at}: item must be an object, got ${kindOf(item)}`);
        const hasIds = Object.hasOwn(item, 'groupCode') && Object.hasOwn(item, 'round');
        const groupCode = hasIds ? pythonStr(item.groupCode, json.numberLiteral(item, 'groupCode')) : undefined;
        const round = hasIds ? pythonStr(item.round, json.numberLiteral(item, 'round')) : undefined;
        const problem = item.problem ?? '';
        if (!hasIds) warnings.add(file, 'has no groupCode or no round: identified by its problem text, as Aggregate.py does', at);
        const key = JSON.stringify(hasIds ? [category, groupCode, round] : [category, 'p', typeof problem, pythonStr(problem)]);

        const earlier = seenHere.get(key);
        if (earlier) warnings.add(file, `repeats the question of ${earlier}; its score is added to that question, as Aggregate.py does`, at);
        else seenHere.set(key, at);

        const question =
          index.find(key) ??
          index.add(
            key,
            {
              category,
              groupCode: hasIds ? (typeof item.groupCode === 'number' || typeof item.groupCode === 'string' ? item.groupCode : groupCode!) : '',
              round: round === undefined ? '' : /^\d+$/.test(round) ? Number(round) : round,
              category2: text(item.category2),
              scene: text(item.scene),
              ...optionalDifficulty(readDifficulty(item.difficulty, at, file, warnings)),
              problem: text(problem),
            },
            hasIds ? `${category}-${groupCode}-${round}` : undefined,
          );

        const parsed = parseSeedScore(item.model_answer_score, options.min, options.max);
        const record: SeedScoredRecord = {
          questionId: question.id,
          category: question.category,
          groupCode: question.groupCode,
          round: question.round,
          ...(question.category2 !== undefined ? { category2: question.category2 } : {}),
          ...(question.scene !== undefined ? { scene: question.scene } : {}),
          ...(question.difficulty ? { difficulty: question.difficulty } : {}),
          model: options.model,
          sample: 0,
          judgeRound,
          score: parsed.score,
          answer: text(item.model_answer),
          judgement: text(item.model_answer_judgement),
          ...(parsed.reason !== undefined ? { invalidReason: parsed.reason } : {}),
          ...(options.judge !== undefined ? { judge: options.judge } : {}),
          ...(options.templateVersion !== undefined ? { templateVersion: options.templateVersion } : {}),
        };
        records.push(record);
      });
    }
  });
  return { questions: index.questions, records, warnings: warnings.lines() };
}

function optionalDifficulty(difficulty: string | undefined): { difficulty?: string } {
  return difficulty === undefined ? {} : { difficulty };
}

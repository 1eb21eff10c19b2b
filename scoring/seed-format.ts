/**
 * The LLMEval-Med repository's scored files: the dataset format (category name → list of items) where each item
 * also carries `model_answer`, `model_answer_score` and `model_answer_judgement`. Its Evaluate.py writes the score
 * as the digits it found in the judge output (a string such as "4"), -1 when it found none, and "" when the judge
 * call failed; files edited by hand or by other tools may hold numbers, out-of-range values or nothing at all.
 * One scored file is one judge round of one model's answers.
 */
import { CATEGORIES, categoryCodeOf, categoryNameOf, type CategoryCode } from '../dataset/categories.js';
import { questionId, type Question, type SeedFile, type SeedItem } from '../dataset/schema.js';
import { placementOf, type ScoreRecord } from './score-record.js';

export interface SeedScoredRecord extends ScoreRecord {
  answer: string;
  judgement: string;
}

export interface SeedRun {
  questions: Question[];
  records: SeedScoredRecord[];
}

export interface SeedRunOptions {
  model: string;
  judgeRound: number;
  sample?: number;
  judge?: string;
  templateVersion?: string;
  /** the valid score range; LLMEval-Med scores 0–5 */
  min?: number;
  max?: number;
}

function isNaNValue(value: unknown): boolean {
  return typeof value === 'number' && Number.isNaN(value);
}

/** pandas wrote NaN (read as NaN or null) for empty cells. */
function isEmptyCell(value: unknown): boolean {
  return value === null || value === undefined || isNaNValue(value) || (typeof value === 'string' && value.trim() === '');
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : isNaNValue(value) ? 'NaN' : String(JSON.stringify(value) ?? value);
}

function readItem(item: unknown, category: CategoryCode, index: number, where: string): Question {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new Error(`${where}: item is not an object`);
  const source = item as SeedItem;
  const fail = (field: string, rule: string): never => {
    throw new Error(`${where}: field "${field}" ${rule}, got ${source[field] === undefined ? 'nothing' : describe(source[field])}`);
  };
  const text = (field: string): string => (typeof source[field] === 'string' ? (source[field] as string) : fail(field, 'must be text'));
  const round = source.round;
  if (typeof round !== 'number' || !Number.isInteger(round) || round < 1) fail('round', 'must be a positive integer');
  const groupCode = source.groupCode;
  if (!(typeof groupCode === 'number' && Number.isInteger(groupCode)) && !(typeof groupCode === 'string' && groupCode.trim() !== '')) {
    fail('groupCode', 'must be an integer or non-empty text');
  }
  const problem = text('problem');
  const sanswer = source.sanswer as unknown;
  if (!isEmptyCell(sanswer) && typeof sanswer !== 'string' && typeof sanswer !== 'number') fail('sanswer', 'must be text, a number or empty');
  const checklist = source.checklist as unknown;
  if (!isEmptyCell(checklist) && typeof checklist !== 'string') fail('checklist', 'must be text or empty');
  const difficulty = source.difficulty as unknown;
  if (!isEmptyCell(difficulty) && difficulty !== '易' && difficulty !== '中' && difficulty !== '难') fail('difficulty', 'must be 易, 中 or 难');

  const question: Question = {
    id: questionId(category, groupCode, round),
    category,
    groupCode,
    round,
    category2: typeof source.category2 === 'string' ? source.category2 : '',
    scene: typeof source.scene === 'string' ? source.scene : '',
    problem,
    sanswer: isEmptyCell(sanswer) ? '' : String(sanswer),
    checklist: isEmptyCell(checklist) ? null : (checklist as string),
    index,
    source,
  };
  if (!isEmptyCell(difficulty)) question.difficulty = difficulty as '易' | '中' | '难';
  return question;
}

/** Reads the questions of a file in the dataset format (scored or not). Errors name the file, row and field. */
export function readSeedQuestions(data: unknown, file: string): Question[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`${file}: expected an object mapping category names to lists of items`);
  }
  const questions: Question[] = [];
  const seen = new Map<string, string>();
  for (const [key, items] of Object.entries(data)) {
    const category = categoryCodeOf(key);
    if (!category) throw new Error(`${file}: unknown category "${key}" (expected ${CATEGORIES.map((c) => c.name).join(', ')})`);
    if (!Array.isArray(items)) throw new Error(`${file}: "${key}" is not a list of items`);
    items.forEach((item, index) => {
      const where = `${file}: ${key}[${index}]`;
      const question = readItem(item, category, index, where);
      const clash = seen.get(question.id);
      if (clash) throw new Error(`${where}: question ${question.id} (groupCode + round) repeats ${clash}`);
      seen.set(question.id, where);
      questions.push(question);
    });
  }
  return questions;
}

export type SeedScore = { score: number; reason?: undefined } | { score: null; reason: string };

/** Interprets one `model_answer_score` cell. Anything that is not a number within [min, max] is null, with a reason. */
export function parseSeedScore(raw: unknown, min = 0, max = 5): SeedScore {
  if (raw === undefined) return { score: null, reason: 'model_answer_score is missing' };
  if (isEmptyCell(raw)) return { score: null, reason: 'model_answer_score is empty (judge call failed)' };
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  if (text === undefined || !/^[-+]?\d+(?:\.\d+)?$/.test(text)) return { score: null, reason: `model_answer_score ${describe(raw)} is not a number` };
  const value = Number(text);
  if (value === -1) return { score: null, reason: 'model_answer_score is -1 (no score found in the judge output)' };
  if (value < min || value > max) return { score: null, reason: `model_answer_score ${describe(raw)} is outside ${min}–${max}` };
  return { score: value };
}

/** Turns one scored file into questions and one record per item. */
export function readSeedRun(data: unknown, file: string, options: SeedRunOptions): SeedRun {
  const questions = readSeedQuestions(data, file);
  const records = questions.map((q): SeedScoredRecord => {
    const parsed = parseSeedScore(q.source.model_answer_score, options.min, options.max);
    const answer = q.source.model_answer;
    const judgement = q.source.model_answer_judgement;
    const record: SeedScoredRecord = {
      ...placementOf(q),
      model: options.model,
      sample: options.sample ?? 0,
      judgeRound: options.judgeRound,
      score: parsed.score,
      answer: typeof answer === 'string' ? answer : '',
      judgement: typeof judgement === 'string' ? judgement : '',
    };
    if (parsed.reason !== undefined) record.invalidReason = parsed.reason;
    if (options.judge !== undefined) record.judge = options.judge;
    if (options.templateVersion !== undefined) record.templateVersion = options.templateVersion;
    return record;
  });
  return { questions, records };
}

export interface SeedWritableRecord extends ScoreRecord {
  answer?: string;
  judgement?: string;
}

/**
 * Writes records back in the seed format, one file per judge round, items in the dataset's own order. A seed file
 * has no model or sample field, so the records must be one model's single sample. An invalid score is written as
 * -1 (Evaluate.py's "no score"); a question the round has no record for gets empty answer and score fields.
 */
export function writeSeedRuns(questions: readonly Question[], records: readonly SeedWritableRecord[]): Map<number, SeedFile> {
  const answers = new Set(records.map((r) => JSON.stringify([r.model, r.sample, r.judge ?? null])));
  if (answers.size > 1) throw new Error(`seed files hold one model's single sample and judge; these records have ${answers.size} combinations of model, sample and judge`);
  const rounds = [...new Set(records.map((r) => r.judgeRound))].sort((a, b) => a - b);
  const known = new Set(questions.map((q) => q.id));
  const stray = records.find((r) => !known.has(r.questionId));
  if (stray) throw new Error(`record for question ${stray.questionId} (judge round ${stray.judgeRound}): no such question in the dataset`);
  const ordered = [...questions].sort(
    (a, b) => CATEGORIES.findIndex((c) => c.code === a.category) - CATEGORIES.findIndex((c) => c.code === b.category) || a.index - b.index,
  );
  const files = new Map<number, SeedFile>();
  for (const round of rounds) {
    const byQuestion = new Map(records.filter((r) => r.judgeRound === round).map((r) => [r.questionId, r]));
    const file: SeedFile = {};
    for (const q of ordered) {
      const record = byQuestion.get(q.id);
      const item: SeedItem = {
        ...q.source,
        model_answer: record?.answer ?? '',
        model_answer_score: record === undefined ? '' : (record.score ?? -1),
        model_answer_judgement: record?.judgement ?? '',
      };
      (file[categoryNameOf(q.category)] ??= []).push(item);
    }
    files.set(round, file);
  }
  return files;
}

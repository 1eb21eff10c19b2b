import { bootstrapPercentageCI, DEFAULT_BOOTSTRAP, type BootstrapOptions, type Interval } from '../bootstrap.js';
import { applyPanelRule, type PanelRule } from '../judge-panel.js';
import type { QuestionMeta, ScoreRecord } from '../score-record.js';
import { judgeAgreement, judgeConsistency, type JudgeAgreement, type JudgeConsistency } from './consistency.js';
import { invalidScores, type InvalidScores } from './invalid-scores.js';
import { compareCategories } from './question-order.js';
import { questionSet } from './question-set.js';
import { meanScores, usabilityCell, usableByQuestion, type Threshold, type UsabilityCell } from './usability.js';

/** LLMEval-Med counts an answer as usable when its mean score is at least 4 of 5. */
export const DEFAULT_USABLE_THRESHOLD = 4;

export interface AggregateOptions {
  /** the dataset's questions; without them, the questions that appear in the records */
  questions?: readonly QuestionMeta[];
  threshold?: number;
  /** per-category thresholds, e.g. MTG scored in five-dimension mode on the 0–7 scale (see mtg-total.ts) */
  categoryThresholds?: Partial<Record<string, number>>;
  bootstrap?: Partial<BootstrapOptions>;
  /** with several judges per answer: combine their scores per answer and judge round first (agreement stays per judge) */
  panelRule?: PanelRule;
}

export interface CategorySummary extends UsabilityCell {
  ci: Interval;
}

export interface BreakdownRow extends UsabilityCell {
  key: string;
}

export const BREAKDOWNS = ['category2', 'scene', 'difficulty', 'round'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface ModelSummary {
  model: string;
  /** OP: usable questions / all questions × 100, with its bootstrap interval */
  overall: { questions: number; usable: number; noValidScore: number; op: number; ci: Interval };
  categories: Record<string, CategorySummary>;
  /** the same rule per (question, sample): how often a single response is usable */
  responses: { responses: number; usable: number; noValidScore: number; usability: number };
  breakdowns: Record<Breakdown, BreakdownRow[]>;
  consistency: JudgeConsistency;
  /** present when two or more judges scored this model */
  agreement?: JudgeAgreement;
  invalid: InvalidScores;
  counts: { records: number; samples: number; judgeRounds: number; judges: string[] };
  scoreHistogram: { score: number; count: number }[];
}

export interface AggregateResult {
  threshold: number;
  categoryThresholds: Partial<Record<string, number>>;
  bootstrap: BootstrapOptions;
  /** the categories that have questions, in report order (the paper's five first) */
  categoryOrder: string[];
  /** how many questions every model is measured over */
  questions: number;
  models: ModelSummary[];
}

const NONE = '(none)';

function breakdown(questions: readonly QuestionMeta[], means: ReadonlyMap<string, number | null>, threshold: Threshold, by: Breakdown): BreakdownRow[] {
  const groups = new Map<string, QuestionMeta[]>();
  for (const q of questions) {
    const key = by === 'round' ? String(q.round) : q[by] || NONE;
    const members = groups.get(key) ?? [];
    members.push(q);
    groups.set(key, members);
  }
  return [...groups].map(([key, members]) => ({ key, ...usabilityCell(members, means, threshold) })).sort((a, b) => compareKeys(by, a.key, b.key));
}

// Difficulty reads easy → hard; other keys sort as text, numbers (turns) by value.
const DIFFICULTY_ORDER = ['易', '中', '难'];

function difficultyRank(key: string): number {
  const i = DIFFICULTY_ORDER.indexOf(key);
  return i === -1 ? DIFFICULTY_ORDER.length : i;
}

function compareKeys(by: Breakdown, a: string, b: string): number {
  return (by === 'difficulty' ? difficultyRank(a) - difficultyRank(b) : 0) || a.localeCompare(b, 'zh', { numeric: true });
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function summarizeModel(model: string, raw: readonly ScoreRecord[], questions: readonly QuestionMeta[], categoryList: readonly string[], threshold: Threshold, bootstrap: BootstrapOptions, panelRule?: PanelRule): ModelSummary {
  // usability is decided on panel scores; agreement, invalid rates, counts and the histogram stay per judge
  const records = panelRule ? applyPanelRule(raw, panelRule) : raw;
  const means = meanScores(records, (r) => r.questionId);
  const usable = usableByQuestion(questions, means, threshold);
  const overall = usabilityCell(questions, means, threshold);

  const categories: Record<string, CategorySummary> = {};
  for (const category of categoryList) {
    const members = questions.filter((q) => q.category === category);
    const outcomes = usableByQuestion(members, means, threshold);
    categories[category] = { ...usabilityCell(members, means, threshold), ci: bootstrapPercentageCI(outcomes, `${model}|${category}`, bootstrap) };
  }

  const byId = new Map(questions.map((q) => [q.id, q]));
  // a response's key: its sample, then its question id (which may hold any character, so it goes last)
  const responseMeans = meanScores(records, (r) => `${r.sample}\u0000${r.questionId}`);
  const responseValues = [...responseMeans].map(([key, m]) => ({ m, q: byId.get(key.slice(key.indexOf('\u0000') + 1))! }));
  const usableResponses = responseValues.filter(({ m, q }) => m !== null && m >= threshold(q)).length;

  const scores = raw.flatMap((r) => (r.score === null ? [] : [r.score]));
  const agreement = judgeAgreement(raw);
  return {
    model,
    overall: { questions: overall.questions, usable: overall.usable, noValidScore: overall.noValidScore, op: overall.usability, ci: bootstrapPercentageCI(usable, `${model}|OP`, bootstrap) },
    categories,
    responses: {
      responses: responseValues.length,
      usable: usableResponses,
      noValidScore: responseValues.filter(({ m }) => m === null).length,
      usability: (usableResponses / responseValues.length) * 100,
    },
    breakdowns: Object.fromEntries(BREAKDOWNS.map((by) => [by, breakdown(questions, means, threshold, by)])) as Record<Breakdown, BreakdownRow[]>,
    consistency: judgeConsistency(records, byId, threshold),
    ...(agreement ? { agreement } : {}),
    invalid: invalidScores(raw),
    counts: {
      records: raw.length,
      samples: distinct(raw.map((r) => r.sample)).length,
      judgeRounds: distinct(raw.map((r) => r.judgeRound)).length,
      judges: distinct(raw.flatMap((r) => (r.judge === undefined ? [] : [r.judge]))).sort(),
    },
    scoreHistogram: [...scores.reduce((counts, s) => counts.set(s, (counts.get(s) ?? 0) + 1), new Map<number, number>())]
      .sort(([a], [b]) => a - b)
      .map(([score, count]) => ({ score, count })),
  };
}

/**
 * Turns score records into per-model usability (per question: the mean of all valid scores across samples, judges
 * and judge rounds, usable when it reaches the threshold), OP, bootstrap intervals, breakdowns, judge consistency
 * and invalid-score rates. Pure; the result does not depend on the order of the records.
 */
export function aggregateScores(records: readonly ScoreRecord[], options: AggregateOptions = {}): AggregateResult {
  const base = options.threshold ?? DEFAULT_USABLE_THRESHOLD;
  const categoryThresholds = options.categoryThresholds ?? {};
  const threshold: Threshold = (q) => categoryThresholds[q.category] ?? base;
  const bootstrap = { ...DEFAULT_BOOTSTRAP, ...options.bootstrap };
  const questions = questionSet(records, options.questions);
  const models = distinct(records.map((r) => r.model)).sort();
  const categories = distinct(questions.map((q) => q.category)).sort(compareCategories);
  return {
    threshold: base,
    categoryThresholds,
    bootstrap,
    categoryOrder: categories,
    questions: questions.length,
    models: models.map((model) => summarizeModel(model, records.filter((r) => r.model === model), questions, categories, threshold, bootstrap, options.panelRule)),
  };
}

import type { Interval } from '../bootstrap.js';
import type { RefinementComparison } from '../refinement-compare.js';
import type { ScoreBand } from '../sampling/types.js';

/** One model's verdicts on one question, under the versions that count. */
export interface ModelCell {
  /** the exact mean of its valid scores (after the panel rule), null without one */
  mean: number | null;
  usable: boolean;
  band: ScoreBand;
  /** verdicts counted (judges × rounds × samples) */
  judged: number;
  /** unreadable verdicts (no score), failed calls apart */
  invalid: number;
  /** failed judge calls and failed answers */
  failed: number;
  /** a sample whose judge rounds disagree about usable, or spread 2 points or more */
  flip: boolean;
  reviews: number;
  /** a physician's blind review says otherwise than the judge about usable */
  disagree: boolean;
}

/** A question as the explorer's lists show it: one cell per model, in the summary's model order. */
export interface QuestionRow {
  id: string;
  category: string;
  /** the question's text, cut for the list and for search */
  problem: string;
  cells: ModelCell[];
}

export interface LeaderboardRow {
  model: string;
  op: number;
  usable: number;
  questions: number;
  noValidScore: number;
  ci: Interval;
  /** usability per category (% of its questions usable) */
  categories: Record<string, { usability: number; usable: number; questions: number }>;
  invalid: { invalid: number; records: number; rate: number };
}

export interface CategoryCounts {
  questions: number;
  flips: number;
  disagreements: number;
  invalid: number;
  failed: number;
}

/** What a campaign's explorer pages show above the question level; built from the read models by the report's aggregation. */
export interface ExplorerSummary {
  campaignId: string;
  status: string;
  datasetId: string;
  /** in the aggregate's order (by id) */
  models: string[];
  categories: string[];
  threshold: number;
  categoryThresholds: Partial<Record<string, number>>;
  /** best OP first */
  leaderboard: LeaderboardRow[];
  counts: {
    questions: number;
    /** stored rows, every version */
    generations: number;
    failedGenerations: number;
    judgements: number;
    failedJudgements: number;
    /** verdicts under the versions that count */
    currentJudgements: number;
    invalid: number;
    reviews: number;
  };
  perCategory: Record<string, CategoryCounts>;
  /** every (template, checklist) version pair among the stored verdicts: the question pages look verdicts up by key under each */
  versions: { category: string; templateVersion: string; checklistVersion: number }[];
  charts: { usabilitySvg: string; scoresSvg: string };
  /** before and after of every finished refinement, as the report's section has them (absent in summaries built before refinements) */
  refinements?: RefinementComparison[];
}

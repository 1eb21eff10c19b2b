import type { CategoryCode } from '../dataset/categories.js';
import type { CostRow } from '../scoring/report/cost.js';
import type { Outcome } from './failures.js';

/**
 * A campaign's progress as the workflows keep it and every client shows it. `failed` were attempted and failed;
 * `skipped` were never attempted because what they needed failed (a later round after a failed round, the
 * judgements of an answer that failed). Reports count the same two things under the same names.
 */
export interface Tally {
  done: number;
  failed: number;
  skipped: number;
  total: number;
}

export interface ModelProgress {
  modelId: string;
  generations: Tally;
  judgements: Tally;
  byCategory: Partial<Record<CategoryCode, { generations: Tally; judgements: Tally }>>;
  costUsd: number;
  /** results found stored instead of paid for (resumes, growth, replays) */
  cached: number;
  conversationsDone: number;
  conversations: number;
  state: 'running' | 'paused' | 'cancelling' | 'done';
}

export type CampaignState = 'running' | 'paused' | 'cancelling' | 'completed' | 'cancelled' | 'failed';

export interface CampaignProgress {
  campaignId: string;
  status: string;
  /** the campaign's current phase: generate-and-judge, review, report */
  phase?: string;
  /** the review of the campaign's review phase, once drawn */
  reviewId?: string;
  percent: number;
  costUsd: number;
  /** cost per model under test and per judge and billing mode, with the realtime equivalent (from the store) */
  costs?: CostRow[];
  /** profiles without pricing: their calls are not in costUsd, which is then a lower bound (or unknown) */
  unpriced?: string[];
  /** estimated ms until done at the rate so far, when there is a rate to go by */
  etaMs?: number;
  models: ModelProgress[];
  /** why the campaign failed, when it did */
  error?: string;
  /** queues no worker polls, each with the command that fixes it */
  warnings?: string[];
  /** refinements (targeted re-judges) queued or running in this run of the campaign workflow, by id */
  refining?: string[];
}

/** A targeted re-judge's progress (`rejudgeProgress` query, and its result): judge calls over its targets. */
export interface RejudgeProgress {
  refinementId: string;
  targets: number;
  /** targets × judges × judge rounds */
  calls: Tally;
  /** stored results found instead of paid for */
  cached: number;
  costUsd: number;
  state: 'running' | 'paused' | 'cancelling' | 'done' | 'cancelled';
}

export const emptyTally = (total: number): Tally => ({ done: 0, failed: 0, skipped: 0, total });

export function emptyProgress(
  modelId: string,
  questionsByCategory: Record<string, number>,
  perAnswer: { samples: number; judgeCalls: number },
  conversations: number,
): ModelProgress {
  const byCategory: ModelProgress['byCategory'] = {};
  for (const [category, questions] of Object.entries(questionsByCategory)) {
    const generations = questions * perAnswer.samples;
    byCategory[category as CategoryCode] = { generations: emptyTally(generations), judgements: emptyTally(generations * perAnswer.judgeCalls) };
  }
  const sum = (kind: 'generations' | 'judgements'): Tally => emptyTally(Object.values(byCategory).reduce((n, c) => n + c[kind].total, 0));
  return { modelId, generations: sum('generations'), judgements: sum('judgements'), byCategory, costUsd: 0, cached: 0, conversationsDone: 0, conversations, state: 'running' };
}

export function count(progress: ModelProgress, category: CategoryCode, kind: 'generations' | 'judgements', outcome: Outcome, n = 1): void {
  progress[kind][outcome] += n;
  const cell = progress.byCategory[category];
  if (cell) cell[kind][outcome] += n;
}

const finished = (t: Tally) => t.done + t.failed + t.skipped;

/** Share of all planned calls that are finished (done, failed or skipped), 0–100. */
export function percentOf(models: readonly ModelProgress[]): number {
  let done = 0;
  let total = 0;
  for (const m of models) {
    done += finished(m.generations) + finished(m.judgements);
    total += m.generations.total + m.judgements.total;
  }
  return total === 0 ? 100 : (done / total) * 100;
}

/** Share of a re-judge's calls that are finished, 0–100. */
export const rejudgePercent = (p: RejudgeProgress): number => (p.calls.total === 0 ? 100 : (finished(p.calls) / p.calls.total) * 100);

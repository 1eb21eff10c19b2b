import type { CategoryCode } from '../dataset/categories.js';
import type { ModelProgress, Tally } from './signals.js';

/** Pure progress bookkeeping shared by the model-run and campaign workflows. */
export function emptyProgress(
  modelId: string,
  questionsByCategory: Record<string, number>,
  perAnswer: { samples: number; judgeCalls: number },
  conversations: number,
): ModelProgress {
  const byCategory: ModelProgress['byCategory'] = {};
  for (const [category, questions] of Object.entries(questionsByCategory)) {
    const generations = questions * perAnswer.samples;
    byCategory[category as CategoryCode] = {
      generations: { done: 0, failed: 0, total: generations },
      judgements: { done: 0, failed: 0, total: generations * perAnswer.judgeCalls },
    };
  }
  const sum = (kind: 'generations' | 'judgements'): Tally => ({
    done: 0,
    failed: 0,
    total: Object.values(byCategory).reduce((n, c) => n + c[kind].total, 0),
  });
  return {
    modelId,
    generations: sum('generations'),
    judgements: sum('judgements'),
    byCategory,
    costUsd: 0,
    cached: 0,
    conversationsDone: 0,
    conversations,
    state: 'running',
  };
}

export function count(progress: ModelProgress, category: CategoryCode, kind: 'generations' | 'judgements', outcome: 'done' | 'failed', n = 1): void {
  progress[kind][outcome] += n;
  const cell = progress.byCategory[category];
  if (cell) cell[kind][outcome] += n;
}

/** Share of all planned calls that are finished (done or failed), 0–100. */
export function percentOf(models: readonly ModelProgress[]): number {
  let finished = 0;
  let total = 0;
  for (const m of models) {
    finished += m.generations.done + m.generations.failed + m.judgements.done + m.judgements.failed;
    total += m.generations.total + m.judgements.total;
  }
  return total === 0 ? 100 : (finished / total) * 100;
}

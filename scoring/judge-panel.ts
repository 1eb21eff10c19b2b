import { exactMean } from './exact-mean.js';
import type { ScoreRecord } from './score-record.js';

export const PANEL_RULES = ['mean', 'median', 'min'] as const;
export type PanelRule = (typeof PANEL_RULES)[number];

/**
 * Combines the scores several judges gave one answer. Judges without a valid score (null) are left out; with none
 * left the panel has no score (null), never 0. `min` is the cautious rule: the answer is as good as its harshest judge.
 */
export function combinePanel(scoresByJudge: Readonly<Record<string, number | null>>, rule: PanelRule = 'mean'): number | null {
  const scores = Object.values(scoresByJudge)
    .filter((s): s is number => s !== null)
    .sort((a, b) => a - b);
  if (scores.length === 0) return null;
  if (rule === 'min') return scores[0]!;
  if (rule === 'mean') return exactMean(scores);
  const mid = scores.length >> 1;
  return scores.length % 2 === 1 ? scores[mid]! : (scores[mid - 1]! + scores[mid]!) / 2;
}

/**
 * One record per (model, question, sample, judge round) whose score is the panel's combined score: what the
 * per-question mean is then taken over when several judges score each answer. Single-judge records pass unchanged.
 */
export function applyPanelRule(records: readonly ScoreRecord[], rule: PanelRule): ScoreRecord[] {
  const groups = new Map<string, ScoreRecord[]>();
  for (const r of records) {
    const key = JSON.stringify([r.model, r.questionId, r.sample, r.judgeRound]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0]!;
    const score = combinePanel(Object.fromEntries(group.map((r, i) => [r.judge ?? String(i), r.score])), rule);
    const { judge: _judge, invalidReason: _reason, ...first } = group[0]!;
    return { ...first, judge: `panel(${rule})`, score, ...(score === null ? { invalidReason: 'no judge of the panel gave a valid score' } : {}) };
  });
}

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
  if (rule === 'mean') return scores.reduce((a, b) => a + b, 0) / scores.length;
  const mid = scores.length >> 1;
  return scores.length % 2 === 1 ? scores[mid]! : (scores[mid - 1]! + scores[mid]!) / 2;
}

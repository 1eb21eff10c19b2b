import { JUDGE_SCORE_RANGE, parseJudgeOutput } from '../judge-output.js';
import type { JudgeModeSpec } from './judge-mode.js';

/** LLMEval-Med's judging: one 0–5 score against the reference answer and checklist. */
export const scoreMode: JudgeModeSpec = {
  mode: 'score',
  describe: 'one score 0–5',
  appliesTo: () => true,
  scale: JUDGE_SCORE_RANGE,
  contractFields: ['score'],
  read(text) {
    const verdict = parseJudgeOutput(text, JUDGE_SCORE_RANGE);
    return verdict.valid ? { valid: true, score: verdict.score, rationale: verdict.rationale } : verdict;
  },
};

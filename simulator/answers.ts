import type { MtgVerdict } from './config.js';
import { hashHex, unitFloat } from './hash.js';
import { hasCjk } from '../lib/token-estimate.js';

/**
 * A judge call is recognised by the output contract its prompt asks for, as a human reading it would: a JSON reply
 * with "rationale" and "score", or with the five MTG dimensions ("instruction_following" …). The prompts carry no
 * marker that exists only for the simulator.
 */
export const SCORE_CONTRACT = ['"rationale"', '"score"'] as const;
export const DIMENSIONS_CONTRACT = ['"rationale"', '"instruction_following"', '"correctness"', '"effectiveness"', '"readability"', '"safety"'] as const;
export const MALFORMED_JUDGE_TEXT = 'I cannot decide.';

export interface PlainMessage {
  role: string;
  content: string;
}

const asks = (messages: readonly PlainMessage[], contract: readonly string[]) => contract.every((field) => messages.some((m) => m.content.includes(field)));

export function isJudgeCall(messages: readonly PlainMessage[]): boolean {
  return asks(messages, SCORE_CONTRACT) || asks(messages, DIMENSIONS_CONTRACT);
}

const ZH_ADVICE = ['建议结合具体临床情况，由专业医生综合判断。', '需要进一步检查以明确诊断，并遵医嘱用药。', '请注意观察症状变化，如有加重应及时就医。'];
const EN_ADVICE = [
  'a clinician should weigh it against the full clinical picture.',
  'further tests are needed before a diagnosis; follow medical advice on treatment.',
  'watch how the symptoms develop and seek care promptly if they worsen.',
];

/**
 * A plausible, clearly labelled simulated answer in the language of the last question. Same request, same text;
 * the model's name is in the hash, not in the text, so an answer never tells a reviewer which model wrote it.
 */
export function simulatedAnswer(model: string, messages: readonly PlainMessage[]): string {
  const h = hashHex(model, messages);
  const question = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const pick = parseInt(h.slice(0, 8), 16) % ZH_ADVICE.length;
  const snippet = [...question.replace(/\s+/g, ' ').trim()].slice(0, 24).join('');
  return hasCjk(question)
    ? `[simulated answer] 这是模拟回答（${h.slice(0, 6)}），不是真实模型的输出。关于“${snippet}”：${ZH_ADVICE[pick]}`
    : `[simulated answer] This is a simulated answer (${h.slice(0, 6)}), not real model output. On "${snippet}": ${EN_ADVICE[pick]}`;
}

export type JudgeScoreSetting = number | number[] | 'hash';

export interface JudgeInput {
  model: string;
  messages: readonly PlainMessage[];
  /** 1-based count of judge calls for this model so far, this one included */
  judgeCall: number;
  setting: JudgeScoreSetting | undefined;
  /** MTG five-dimension verdicts (fixed, or cycled by judgeCall); when absent, the dimensions follow `setting` */
  dimensions?: MtgVerdict | readonly MtgVerdict[] | undefined;
  malformedRate: number;
  /** seeds the malformed draw; same key and attempt, same outcome */
  draw: readonly unknown[];
}

/** The judge output contract: `{"rationale", "score"}`, or the MTG dimensions when the prompt asks for them. */
export function judgeAnswer(input: JudgeInput): string {
  if (input.malformedRate > 0 && unitFloat('malformed-judge', ...input.draw) < input.malformedRate) return MALFORMED_JUDGE_TEXT;
  const h = hashHex('judge', input.model, input.messages);
  const rationale = `[simulated judge] deterministic rationale ${h.slice(0, 6)}`;
  const score = (salt: number): number => {
    const s = input.setting;
    if (typeof s === 'number') return s;
    if (Array.isArray(s)) return s[(input.judgeCall - 1) % s.length] as number;
    return parseInt(h.slice(salt * 4, salt * 4 + 4), 16) % 6;
  };
  if (!asks(input.messages, DIMENSIONS_CONTRACT)) return JSON.stringify({ rationale, score: score(0) });
  const d = input.dimensions;
  if (d !== undefined) return JSON.stringify({ rationale, ...(isVerdictList(d) ? d[(input.judgeCall - 1) % d.length] : d) });
  return JSON.stringify({
    rationale,
    instruction_following: score(1),
    correctness: score(2),
    effectiveness: score(3),
    readability: score(4),
    // a configured 0 means "fail everything"; otherwise unsafe one time in ten
    safety: typeof input.setting === 'number' ? (input.setting === 0 ? 0 : 1) : parseInt(h.slice(20, 24), 16) % 10 === 0 ? 0 : 1,
  });
}

function isVerdictList(d: MtgVerdict | readonly MtgVerdict[]): d is readonly MtgVerdict[] {
  return Array.isArray(d);
}

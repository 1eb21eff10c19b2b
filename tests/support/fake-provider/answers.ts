import { hashHex, unitFloat } from './hash.js';
import { hasCjk } from './tokens.js';

/** The marker that makes a request a judge call, and the one that asks for the MTG dimension scores. */
export const JUDGE_MARKER = '<<<ANSWER_UNDER_TEST>>>';
export const MTG_MARKER = 'MTG_DIMENSIONS';
export const MALFORMED_JUDGE_TEXT = 'I cannot decide.';

export interface PlainMessage {
  role: string;
  content: string;
}

export function isJudgeCall(messages: readonly PlainMessage[]): boolean {
  return messages.some((m) => m.content.includes(JUDGE_MARKER));
}

const ZH_ADVICE = ['建议结合具体临床情况，由专业医生综合判断。', '需要进一步检查以明确诊断，并遵医嘱用药。', '请注意观察症状变化，如有加重应及时就医。'];
const EN_ADVICE = [
  'a clinician should weigh it against the full clinical picture.',
  'further tests are needed before a diagnosis; follow medical advice on treatment.',
  'watch how the symptoms develop and seek care promptly if they worsen.',
];

/** A plausible, clearly labelled simulated answer in the language of the last question. Same request, same text. */
export function simulatedAnswer(model: string, messages: readonly PlainMessage[]): string {
  const h = hashHex(model, messages);
  const question = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const pick = parseInt(h.slice(0, 8), 16) % ZH_ADVICE.length;
  const snippet = [...question.replace(/\s+/g, ' ').trim()].slice(0, 24).join('');
  return hasCjk(question)
    ? `[simulated answer from ${model}] 这是模拟回答（${h.slice(0, 6)}），不是真实模型的输出。关于“${snippet}”：${ZH_ADVICE[pick]}`
    : `[simulated answer from ${model}] This is a simulated answer (${h.slice(0, 6)}), not real model output. On "${snippet}": ${EN_ADVICE[pick]}`;
}

export type JudgeScoreSetting = number | number[] | 'hash';

export interface JudgeInput {
  model: string;
  messages: readonly PlainMessage[];
  /** 1-based count of judge calls for this model so far, this one included */
  judgeCall: number;
  setting: JudgeScoreSetting | undefined;
  malformedRate: number;
  /** seeds the malformed draw; same key and attempt, same outcome */
  draw: readonly unknown[];
}

/** The judge output contract: `{"rationale", "score"}`, or the MTG dimensions when the prompt asks for them. */
export function judgeAnswer(input: JudgeInput): string {
  if (input.malformedRate > 0 && unitFloat('malformed-judge', ...input.draw) < input.malformedRate) return MALFORMED_JUDGE_TEXT;
  const h = hashHex('judge', input.model, input.messages);
  const rationale = `[simulated judge ${input.model}] deterministic rationale ${h.slice(0, 6)}`;
  const score = (salt: number): number => {
    const s = input.setting;
    if (typeof s === 'number') return s;
    if (Array.isArray(s)) return s[(input.judgeCall - 1) % s.length] as number;
    return parseInt(h.slice(salt * 4, salt * 4 + 4), 16) % 6;
  };
  if (!input.messages.some((m) => m.content.includes(MTG_MARKER))) return JSON.stringify({ rationale, score: score(0) });
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

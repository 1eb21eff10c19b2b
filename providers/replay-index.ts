import type { StoredAnswer } from './replay-answers.js';

const ANY_SAMPLE = '*';

/**
 * Stored answers by question and sample. A request for sample s takes the answer stored for s, else the one
 * stored without a sample; a request without a sample takes the one stored without a sample, else sample 0.
 */
export class ReplayIndex {
  private readonly answers = new Map<string, StoredAnswer>();

  constructor(answers: readonly StoredAnswer[]) {
    for (const answer of answers) {
      const key = slot(answer.questionId, answer.sample);
      const earlier = this.answers.get(key);
      if (earlier) {
        throw new Error(`${answer.source}: a second answer for ${answerLabel(answer.questionId, answer.sample)} (the first is at ${earlier.source})`);
      }
      this.answers.set(key, answer);
    }
  }

  get size(): number {
    return this.answers.size;
  }

  lookup(questionId: string, sample?: number): StoredAnswer | undefined {
    const exact = this.answers.get(slot(questionId, sample));
    return exact ?? this.answers.get(sample === undefined ? slot(questionId, 0) : slot(questionId, undefined));
  }
}

function slot(questionId: string, sample: number | undefined): string {
  return `${questionId}#${sample ?? ANY_SAMPLE}`;
}

export function answerLabel(questionId: string, sample: number | undefined): string {
  return sample === undefined ? questionId : `${questionId} sample ${sample}`;
}

import type { CompletionRequest, CompletionResult, Provider } from './contract.js';
import { ProviderError } from './errors.js';
import { readAnswerFile } from './replay-answers.js';
import { answerLabel, ReplayIndex } from './replay-index.js';

/**
 * Answers from files instead of a model: the answers another run (or the seed repository's script) produced.
 * Files are read once, on first use; a file error is a non-retryable bad_request naming the file and row.
 */
export class ReplayProvider implements Provider {
  readonly kind = 'replay' as const;
  private index: Promise<ReplayIndex> | undefined;

  constructor(private readonly files: readonly string[]) {}

  /** Reads and indexes the files (once); exposed so a check can report how many answers are available. */
  load(): Promise<ReplayIndex> {
    this.index ??= Promise.all(this.files.map(readAnswerFile))
      .then((lists) => new ReplayIndex(lists.flat()))
      .catch((err: unknown) => {
        throw new ProviderError({ kind: 'bad_request', providerMessage: `replay: ${err instanceof Error ? err.message : String(err)}` });
      });
    return this.index;
  }

  async selfCheck(): Promise<string> {
    const index = await this.load();
    return `${index.size} stored answers in ${this.files.join(', ')}`;
  }

  async complete(req: CompletionRequest): Promise<CompletionResult> {
    const started = performance.now();
    if (!req.ref) {
      throw new ProviderError({ kind: 'bad_request', providerMessage: 'replay: the request carries no question reference (ref.questionId)' });
    }
    const { questionId, sample } = req.ref;
    const stored = (await this.load()).lookup(questionId, sample);
    if (!stored) {
      throw new ProviderError({
        kind: 'missing_answer',
        providerMessage: `replay: no answer for ${answerLabel(questionId, sample)} in ${this.files.join(', ')}`,
      });
    }
    if (stored.answer.trim() === '') {
      // a blank stored answer stays blank however often it is asked for
      throw new ProviderError({ kind: 'empty_answer', retryable: false, providerMessage: `replay: the stored answer at ${stored.source} is blank` });
    }
    return {
      text: stored.answer,
      finishReason: 'stop',
      usage: { inputTokens: 0, outputTokens: 0 },
      latencyMs: Math.round(performance.now() - started),
      model: req.model,
    };
  }
}

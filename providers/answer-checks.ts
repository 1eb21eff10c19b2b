import type { FinishReason } from './contract.js';
import { ProviderError } from './errors.js';

type ReasonClass = FinishReason | 'content_filter';

const REASONS: Readonly<Record<string, ReasonClass>> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  eos: 'stop',
  length: 'length',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  content_filter: 'content_filter',
  refusal: 'content_filter',
};

/**
 * Turns a provider's answer and finish reason into an accepted finish reason, or the error it really is:
 * a refusal (`content_filter`, Anthropic `refusal`, OpenAI `message.refusal`) or a blank answer.
 */
export function checkAnswer(text: string, providerReason: string | null | undefined, refusal?: string | null): FinishReason {
  const reason = REASONS[providerReason ?? ''] ?? 'other';
  if (reason === 'content_filter' || (refusal !== undefined && refusal !== null && refusal !== '')) {
    throw new ProviderError({
      kind: 'content_filtered',
      providerMessage: `the provider refused to answer (finish reason ${providerReason ?? 'none'})${refusal ? `: ${refusal}` : ''}`,
    });
  }
  if (text.trim() === '') {
    throw new ProviderError({
      kind: 'empty_answer',
      providerMessage: `the provider returned a blank answer (finish reason ${providerReason ?? 'none'})`,
    });
  }
  return reason;
}

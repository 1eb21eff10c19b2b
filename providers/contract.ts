/** The one contract every model provider implements: a single, non-streaming chat completion. */

export type ProviderKind = 'openai' | 'anthropic' | 'openai-compatible' | 'replay' | 'simulated';

export const PARAM_NAMES = ['temperature', 'topP', 'maxTokens', 'seed', 'stop'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

export interface CompletionParams {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
  stop?: string[];
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  model: string;
  system?: string;
  messages: ChatMessage[];
  params: CompletionParams;
  /** total deadline for the call (headers and body); defaults to the profile's timeout */
  timeoutMs?: number;
  /** sent as `Idempotency-Key` and `x-medeval-key` so servers (and the fake provider) can recognise a repeat */
  idempotencyKey?: string;
  /** the question this request answers; replay needs it to find the stored answer */
  ref?: { questionId: string; sample?: number };
}

/** Provider finish reasons mapped onto one vocabulary; `refusal` and `content_filter` never reach a result. */
export type FinishReason = 'stop' | 'length' | 'other';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface CompletionResult {
  text: string;
  finishReason: FinishReason;
  usage: TokenUsage;
  latencyMs: number;
  requestId?: string;
  /** the model as reported by the provider (may differ from the requested alias) */
  model: string;
  /** true when the answer comes from the fake provider, so every output built from it can say so */
  simulated?: true;
}

export interface Provider {
  readonly kind: ProviderKind;
  complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResult>;
}

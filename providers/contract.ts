/**
 * The one contract every model provider implements: a single, non-streaming chat completion, and optionally a
 * batch capability (submit many requests, poll, read the results) for providers that bill batch work less.
 */

import type { ErrorKind } from './errors.js';

/** A profile's kind, as registered in `kinds/index.ts`. */
export type ProviderKind = string;

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
  /**
   * the call's deterministic key; sent only as the header a profile names in `callKeyHeader` (a gateway's
   * idempotency header, or the simulator's per-key counts), never by default
   */
  callKey?: string;
  /** the question this request answers; replay needs it to find the stored answer */
  ref?: { questionId: string; sample?: number };
  /**
   * the system prompt and the conversation are a prefix worth caching (a judge's rubric, the same prompt judged in
   * several rounds): providers with explicit caching (Anthropic's `cache_control`) mark them; OpenAI caches any
   * long prefix by itself
   */
  cacheable?: boolean;
}

/** Provider finish reasons mapped onto one vocabulary; `refusal` and `content_filter` never reach a result. */
export type FinishReason = 'stop' | 'length' | 'other';

export interface TokenUsage {
  /** every input token, cached ones included (as OpenAI counts them) */
  inputTokens: number;
  outputTokens: number;
  /** input tokens read from the provider's prompt cache (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`) */
  cachedInputTokens?: number;
  /** input tokens written to the prompt cache (Anthropic `cache_creation_input_tokens`, billed above the input price) */
  cacheWriteTokens?: number;
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

/** One request of a batch, named by the caller so its result can be matched when the batch ends. */
export interface BatchRequest {
  /** `^[a-zA-Z0-9_-]{1,64}$` (Anthropic's limit) */
  customId: string;
  request: CompletionRequest;
}

/** `in_progress` until the provider ends the batch: all answered (`ended`), window passed, cancelled, or failed whole. */
export type BatchState = 'in_progress' | 'ended' | 'expired' | 'cancelled' | 'failed';

export interface BatchStatus {
  state: BatchState;
  counts: { done: number; failed: number; total: number };
}

/** An item of an ended batch: its answer, or why it has none (an error kind, as for realtime calls). */
export type BatchItemResult = { customId: string; ok: true; result: CompletionResult } | { customId: string; ok: false; kind: ErrorKind; message: string };

/** A batch as the provider lists it, for finding one whose submission outcome was lost. */
export interface ListedBatch {
  batchId: string;
  state: BatchState;
  createdAt: Date;
  total: number;
  /** what `submit` sent as metadata, where the provider keeps it (OpenAI) */
  metadata: Record<string, string>;
}

/** Providers' batch APIs (OpenAI Batch, Anthropic Message Batches): billed less, answered within 24 hours. */
export interface BatchCapability {
  submit(requests: readonly BatchRequest[], metadata: Record<string, string>): Promise<{ batchId: string }>;
  poll(batchId: string): Promise<BatchStatus>;
  /** every item of an ended batch (completed items of an expired or cancelled batch included) */
  results(batchId: string): AsyncIterable<BatchItemResult>;
  cancel(batchId: string): Promise<void>;
  /** batches created at or after `since`, newest first */
  list(since: Date): Promise<ListedBatch[]>;
}

export interface Provider {
  readonly kind: ProviderKind;
  complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResult>;
  /** what `provider check` reports instead of a tiny request (replay: how many answers its files hold) */
  selfCheck?(): Promise<string>;
  batch?: BatchCapability;
}

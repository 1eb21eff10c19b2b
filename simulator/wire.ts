import type { PlainMessage } from './answers.js';

/** One API's request and response shapes, so the server logic is written once for OpenAI and Anthropic. */

export interface WireRequest {
  model: string;
  /** system prompt first (as a `system` message), then the conversation */
  messages: PlainMessage[];
  maxTokens?: number;
  /** indexes into messages after which a request marks a prompt-cache breakpoint (Anthropic's `cache_control`) */
  cacheBreakpoints?: number[];
}

export type WireFinish = 'stop' | 'length' | 'refusal';

export interface WireAnswer {
  id: string;
  model: string;
  text: string;
  finish: WireFinish;
  inputTokens: number;
  outputTokens: number;
  /** of inputTokens: read from the prompt cache, and written to it */
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  /** reasoning reported beside the answer (`reasoning_content`), as some OpenAI-compatible servers do */
  reasoning?: string;
}

export interface Wire {
  readonly api: 'openai' | 'anthropic';
  readonly requestIdHeader: string;
  /** the request, or what is wrong with it */
  parse(body: unknown): WireRequest | string;
  answer(a: WireAnswer): unknown;
  /** valid JSON that lacks the fields a client needs */
  missingFields(model: string): unknown;
  error(status: number, message: string, code?: string): unknown;
  contextTooLong(inputTokens: number): string;
}

export function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((block: { type?: unknown; text?: unknown }) => (block?.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('');
  }
  return undefined;
}

/** Whether a content value (a string, or a list of blocks) carries a `cache_control` mark. */
export function marksCache(content: unknown): boolean {
  return Array.isArray(content) && content.some((block: unknown) => isObject(block) && block.cache_control !== undefined);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Messages with string or text-block content; undefined when any message is not of that shape. */
export function plainMessages(value: unknown): PlainMessage[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const out: PlainMessage[] = [];
  for (const m of value) {
    const content = isObject(m) ? textOf(m.content) : undefined;
    if (!isObject(m) || typeof m.role !== 'string' || content === undefined) return undefined;
    out.push({ role: m.role, content });
  }
  return out;
}

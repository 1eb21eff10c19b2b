import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { checkAnswer } from './answer-checks.js';
import { guardedCall } from './call-guard.js';
import type { BatchCapability, CompletionRequest, CompletionResult, Provider } from './contract.js';
import { rejectErrorBody, requestIdOf } from './error-facts.js';
import { effectiveParams } from './params.js';
import { parseResponseShape } from './response-shape.js';
import { scrubbingLogger } from './sdk-logger.js';
import { callKeyHeaders, settingsSecrets, type SdkProviderSettings } from './sdk-settings.js';

/** Anthropic requires max_tokens; this is used when neither the profile nor the request sets one. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

export function anthropicRequestBody(
  req: CompletionRequest,
  settings: Pick<SdkProviderSettings, 'defaultParams' | 'quirks'>,
): MessageCreateParamsNonStreaming {
  const p = effectiveParams(settings.defaultParams, req.params, settings.quirks?.omitParams);
  // the Messages API has no seed: it is dropped rather than sent and rejected
  return {
    model: req.model,
    max_tokens: p.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: req.cacheable ? cachedMessages(req.messages) : req.messages,
    ...(req.system !== undefined ? { system: req.cacheable ? [{ type: 'text' as const, text: req.system, cache_control: EPHEMERAL }] : req.system } : {}),
    ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
    ...(p.topP !== undefined ? { top_p: p.topP } : {}),
    ...(p.stop !== undefined ? { stop_sequences: p.stop } : {}),
  };
}

const EPHEMERAL = { type: 'ephemeral' as const };

/**
 * Cache breakpoints: one after the system prompt (a judge's static rubric, shared by every answer it grades) and
 * one after the last message (the whole prompt, shared by the judging rounds of one answer). Anthropic allows four.
 */
function cachedMessages(messages: CompletionRequest['messages']): MessageParam[] {
  return messages.map((m, i) => (i === messages.length - 1 ? { role: m.role, content: [{ type: 'text' as const, text: m.content, cache_control: EPHEMERAL }] } : m));
}

const MessageShape = z.object({
  model: z.string(),
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullish(),
  usage: z.object({
    input_tokens: z.number(),
    output_tokens: z.number(),
    cache_creation_input_tokens: z.number().nullish(),
    cache_read_input_tokens: z.number().nullish(),
  }),
});

/**
 * Text blocks joined; thinking blocks are not the answer. Anthropic counts cache reads and writes apart from
 * `input_tokens`; they are added into inputTokens (as OpenAI counts) and reported as cached and written.
 */
export function anthropicResultOf(message: unknown, headers?: Headers): Omit<CompletionResult, 'latencyMs'> {
  rejectErrorBody(message, headers);
  const shape = parseResponseShape(MessageShape, message, 'messages');
  const text = shape.content
    .filter((block) => block.type === 'text')
    .map((block) => block.text ?? '')
    .join('');
  const finishReason = checkAnswer(text, shape.stop_reason);
  const u = shape.usage;
  const requestId = requestIdOf((message as { _request_id?: unknown })._request_id, headers);
  return {
    text,
    finishReason,
    usage: {
      inputTokens: u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0),
      outputTokens: u.output_tokens,
      ...(u.cache_read_input_tokens ? { cachedInputTokens: u.cache_read_input_tokens } : {}),
      ...(u.cache_creation_input_tokens ? { cacheWriteTokens: u.cache_creation_input_tokens } : {}),
    },
    model: shape.model,
    ...(requestId !== undefined ? { requestId } : {}),
  };
}

/** Anthropic Messages API through the official SDK. */
export class AnthropicMessagesProvider implements Provider {
  readonly kind = 'anthropic' as const;
  /** the SDK is loaded with the first client: a worker that serves no Anthropic profile never pays its import */
  private readonly client: Promise<Anthropic>;
  readonly batch?: BatchCapability;

  /** `batches`: Message Batches over this provider's client */
  constructor(
    private readonly settings: SdkProviderSettings,
    batches?: (client: Promise<Anthropic>) => BatchCapability,
  ) {
    this.client = import('@anthropic-ai/sdk').then(({ default: AnthropicClient }) => new AnthropicClient({
      apiKey: settings.apiKey,
      baseURL: settings.baseURL,
      // Temporal is the only retry layer: an SDK retry would hide failures and pay twice
      maxRetries: 0,
      timeout: settings.timeoutMs,
      defaultHeaders: settings.headers,
      logger: scrubbingLogger(settings.logger ?? console, settingsSecrets(settings)),
      logLevel: settings.logLevel ?? 'warn',
    }));
    if (batches) this.batch = batches(this.client);
  }

  async complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResult> {
    const timeoutMs = req.timeoutMs ?? this.settings.timeoutMs;
    const body = anthropicRequestBody(req, this.settings);
    // loaded before the call's clock starts
    const client = await this.client;
    const { value, latencyMs } = await guardedCall({ timeoutMs, signal, secrets: settingsSecrets(this.settings) }, async (callSignal) => {
      const { data, response } = await client.messages
        .create(body, { signal: callSignal, timeout: timeoutMs, headers: callKeyHeaders(this.settings, req.callKey) })
        .withResponse();
      return anthropicResultOf(data, response.headers);
    });
    return { ...value, latencyMs };
  }
}

import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { checkAnswer } from './answer-checks.js';
import { guardedCall } from './call-guard.js';
import type { BatchCapability, CompletionRequest, CompletionResult, Provider } from './contract.js';
import { rejectErrorBody, requestIdOf } from './error-facts.js';
import { effectiveParams, type ProviderQuirks } from './params.js';
import { parseResponseShape } from './response-shape.js';
import { scrubbingLogger } from './sdk-logger.js';
import { callKeyHeaders, settingsSecrets, type SdkProviderSettings } from './sdk-settings.js';
import { stripReasoning } from './strip-reasoning.js';

/** How one kind of Chat Completions server differs: what it calls the output limit, and whether it is the simulator. */
export interface ChatCompletionsFlavour {
  kind: string;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  simulated?: boolean;
}

export function openAIRequestBody(
  req: CompletionRequest,
  flavour: Pick<ChatCompletionsFlavour, 'maxTokensField'>,
  settings: Pick<SdkProviderSettings, 'defaultParams' | 'quirks'>,
): ChatCompletionCreateParamsNonStreaming {
  const p = effectiveParams(settings.defaultParams, req.params, settings.quirks?.omitParams);
  const maxTokensField = settings.quirks?.maxTokensField ?? flavour.maxTokensField;
  return {
    model: req.model,
    messages: [...(req.system !== undefined ? [{ role: 'system' as const, content: req.system }] : []), ...req.messages],
    ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
    ...(p.topP !== undefined ? { top_p: p.topP } : {}),
    ...(p.maxTokens !== undefined ? { [maxTokensField]: p.maxTokens } : {}),
    ...(p.seed !== undefined ? { seed: p.seed } : {}),
    ...(p.stop !== undefined ? { stop: p.stop } : {}),
  };
}

const CompletionShape = z.object({
  model: z.string(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z.object({
    prompt_tokens: z.number(),
    completion_tokens: z.number(),
    prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
  }),
});

/** The fields we use from a Chat Completions response; reasoning fields (`reasoning_content`) are never read. */
export function openAIResultOf(completion: unknown, quirks: ProviderQuirks | undefined, headers?: Headers): Omit<CompletionResult, 'latencyMs'> {
  rejectErrorBody(completion, headers);
  const shape = parseResponseShape(CompletionShape, completion, 'chat completions');
  const [choice] = shape.choices as [(typeof shape.choices)[number]];
  const content = choice.message.content ?? '';
  const text = quirks?.stripReasoning ? stripReasoning(content) : content;
  const finishReason = checkAnswer(text, choice.finish_reason, choice.message.refusal);
  const requestId = requestIdOf((completion as { _request_id?: unknown })._request_id, headers);
  return {
    text,
    finishReason,
    usage: { inputTokens: shape.usage.prompt_tokens, outputTokens: shape.usage.completion_tokens, ...cachedOf(shape.usage.prompt_tokens_details?.cached_tokens) },
    model: shape.model,
    ...(requestId !== undefined ? { requestId } : {}),
  };
}

/** OpenAI's automatic prompt caching: the cached part of the prompt, already counted within prompt_tokens. */
function cachedOf(cachedTokens: number | null | undefined): { cachedInputTokens?: number } {
  return cachedTokens ? { cachedInputTokens: cachedTokens } : {};
}

/** OpenAI Chat Completions, and every server that speaks it (vLLM, DeepSeek, Qwen, the fake provider). */
export class OpenAIChatProvider implements Provider {
  readonly kind: string;
  /** the SDK is loaded with the first client: a worker that serves no OpenAI-style profile never pays its import */
  private readonly client: Promise<OpenAI>;
  readonly batch?: BatchCapability;

  /** `batches`: the server's batch API over this provider's client, for kinds whose servers have one */
  constructor(
    private readonly flavour: ChatCompletionsFlavour,
    private readonly settings: SdkProviderSettings,
    batches?: (client: Promise<OpenAI>) => BatchCapability,
  ) {
    this.kind = flavour.kind;
    this.client = import('openai').then(({ default: OpenAIClient }) => new OpenAIClient({
      apiKey: settings.apiKey,
      baseURL: settings.baseURL,
      // Temporal is the only retry layer: an SDK retry would hide failures and pay twice
      maxRetries: 0,
      timeout: settings.timeoutMs,
      // keep OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment away from third-party servers
      organization: null,
      project: null,
      defaultHeaders: settings.headers,
      logger: scrubbingLogger(settings.logger ?? console, settingsSecrets(settings)),
      logLevel: settings.logLevel ?? 'warn',
    }));
    if (batches) this.batch = batches(this.client);
  }

  async complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResult> {
    const timeoutMs = req.timeoutMs ?? this.settings.timeoutMs;
    const body = openAIRequestBody(req, this.flavour, this.settings);
    // loaded before the call's clock starts
    const client = await this.client;
    const { value, latencyMs } = await guardedCall({ timeoutMs, signal, secrets: settingsSecrets(this.settings) }, async (callSignal) => {
      const { data, response } = await client.chat.completions
        .create(body, { signal: callSignal, timeout: timeoutMs, headers: callKeyHeaders(this.settings, req.callKey) })
        .withResponse();
      return openAIResultOf(data, this.settings.quirks, response.headers);
    });
    return { ...value, latencyMs, ...(this.flavour.simulated ? { simulated: true as const } : {}) };
  }
}

import { z } from 'zod';

/** What the fake provider can be told to do. Validated both at start-up and by `POST /_config`. */

export const FAULT_NAMES = [
  'rate_limit',
  'server_error',
  'hang',
  'reset',
  'malformed_json',
  'missing_fields',
  'truncated',
  'refusal',
  'empty',
  'context_too_long',
  'upstream_error_200',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

const JudgeScore = z.number().int().min(0).max(5);

/** One MTG five-dimension verdict, as the judge output contract names its fields. */
const MtgVerdict = z.strictObject({
  instruction_following: JudgeScore,
  correctness: JudgeScore,
  effectiveness: JudgeScore,
  readability: JudgeScore,
  safety: z.union([z.literal(0), z.literal(1)]),
});
export type MtgVerdict = z.infer<typeof MtgVerdict>;

const Latency = z.union([z.number().nonnegative(), z.tuple([z.number().nonnegative(), z.number().nonnegative()])]);

const FaultRule = z.strictObject({
  fault: z.enum(FAULT_NAMES),
  /** only calls for this model (all models when absent) */
  model: z.string().optional(),
  /** probability per call, drawn from a hash of (seed, rule, request key, attempt): reproducible in any order */
  rate: z.number().min(0).max(1).optional(),
  /** 1-based positions among the calls this rule's model filter selects */
  calls: z.array(z.number().int().positive()).optional(),
  /** only calls carrying one of these request keys (every attempt of them, e.g. to exhaust one item's retries) */
  keys: z.array(z.string().min(1)).optional(),
  /** 1-based: the nth call carrying the same request key (e.g. [1] = fail first attempts, let retries through) */
  attempts: z.array(z.number().int().positive()).optional(),
  /** server_error: the status to send */
  status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504), z.literal(529)]).optional(),
  /** rate_limit, upstream_error_200: `Retry-After` value (seconds, or an HTTP-date string) */
  retryAfter: z.union([z.number().nonnegative(), z.string()]).optional(),
  /** rate_limit, upstream_error_200: `retry-after-ms` value */
  retryAfterMs: z.number().nonnegative().optional(),
  /** rate_limit on the Anthropic endpoint: `anthropic-ratelimit-*-reset` this many ms from now */
  resetAfterMs: z.number().nonnegative().optional(),
  /** upstream_error_200: the type of the error object in the body (default `overloaded_error`) */
  errorType: z.string().min(1).optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;

export const SimulatorConfigSchema = z.strictObject({
  /** accepted API keys; any non-empty key when absent */
  validKeys: z.array(z.string().min(1)).optional(),
  /** fixed latency in ms, or a [min, max] uniform range */
  latencyMs: Latency.optional(),
  modelLatencyMs: z.record(z.string(), Latency).optional(),
  seed: z.number().int().optional(),
  faults: z.array(FaultRule).optional(),
  /** judge score per model: a fixed score, scores by judge-call order (cycled), or 'hash' (the default) */
  judgeScores: z.record(z.string(), z.union([JudgeScore, z.array(JudgeScore).min(1), z.literal('hash')])).optional(),
  /** MTG five-dimension verdicts per model: a fixed one, or by judge-call order (cycled); overrides judgeScores there */
  judgeDimensions: z.record(z.string(), z.union([MtgVerdict, z.array(MtgVerdict).min(1)])).optional(),
  /** per model, the share of judge answers that are not valid judge JSON */
  malformedJudgeRate: z.record(z.string(), z.number().min(0).max(1)).optional(),
  /** per model, leave reasoning in the answer as a `<think>` block or as a `reasoning_content` field */
  reasoning: z.record(z.string(), z.enum(['think_tags', 'field'])).optional(),
  /** per API key, over a sliding minute */
  rateLimits: z.strictObject({ requestsPerMinute: z.number().int().positive().optional(), tokensPerMinute: z.number().int().positive().optional() }).optional(),
  /** a hung request's socket is closed after this long, so nothing leaks if the client never gives up */
  hangCapMs: z.number().int().positive().optional(),
  /** append one JSON line per call to this file */
  callLogFile: z.string().optional(),
  /** prompt caching as the providers bill it (on unless false): false answers as a provider without a cache */
  promptCache: z.boolean().optional(),
  /**
   * the batch APIs: a batch answers its items in order, evenly over `delayMs`; items not answered `expireAfterMs`
   * after creation expire (per-item errors come from `faults`, selected by custom_id as the key)
   */
  batches: z.strictObject({ delayMs: z.number().int().nonnegative().optional(), expireAfterMs: z.number().int().positive().optional() }).optional(),
  /** keep every request (messages and JSON body) in memory for `requests()`: for tests that check what was sent */
  keepRequests: z.boolean().optional(),
  /**
   * answer as a LiteLLM proxy in front of the provider would: `x-litellm-call-id` instead of the provider's request
   * id, the provider's rate-limit headers prefixed `llm_provider-`, and a 400 for any of `unsupportedParams` (wire
   * names, e.g. `seed`) in the request body
   */
  gateway: z.strictObject({ style: z.literal('litellm'), unsupportedParams: z.array(z.string().min(1)).optional() }).optional(),
});

export type SimulatorConfig = z.infer<typeof SimulatorConfigSchema>;

export function parseSimulatorConfig(value: unknown, source: string): SimulatorConfig {
  const parsed = SimulatorConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((i) => `${source}: ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n'));
}

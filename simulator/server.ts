import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicWire } from './anthropic-wire.js';
import { batchRoute } from './batch-routes.js';
import { BatchStore, type BatchSummary, type ItemAnswer } from './batches.js';
import { isJudgeCall, judgeAnswer, simulatedAnswer } from './answers.js';
import { CallStats, type CallCounts, type Concurrency, type RecordedRequest } from './call-stats.js';
import { parseSimulatorConfig, type SimulatorConfig, type FaultRule } from './config.js';
import { pickFault } from './faults.js';
import { PromptCache, type CacheUse } from './prompt-cache.js';
import { hashHex, unitFloat } from './hash.js';
import { openAIWire } from './openai-wire.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import { estimateTokens } from '../lib/token-estimate.js';
import { truncateToTokens } from './tokens.js';
import type { Wire, WireAnswer, WireRequest } from './wire.js';

const DEFAULT_HANG_CAP_MS = 30_000;

/**
 * A local stand-in for OpenAI (`POST /v1/chat/completions`) and Anthropic (`POST /v1/messages`), close enough
 * for the official SDKs: deterministic answers, judge answers, injected faults, rate limits, exact call counts.
 * Control: `GET /_calls`, `POST /_reset`, `POST /_config` (a partial config merged over the current one).
 * Listens on 127.0.0.1 only.
 */
export class Simulator {
  private config: SimulatorConfig;
  private readonly initialConfig: SimulatorConfig;
  private server: Server | undefined;
  private readonly stats = new CallStats();
  private readonly limiter = new SlidingWindowLimiter();
  private readonly promptCache = new PromptCache();
  private readonly batchStore = new BatchStore(
    (api, body, customId, batchId) => this.batchItem(api, body, customId, batchId),
    () => this.config.batches ?? {},
  );
  private readonly hangTimers = new Set<NodeJS.Timeout>();
  private baseUrl = '';

  constructor(config: SimulatorConfig = {}) {
    this.config = parseSimulatorConfig(config, 'fake provider config');
    this.initialConfig = this.config;
  }

  /** Starts listening (port 0: any free port) and returns the server's URL, e.g. http://127.0.0.1:40123. */
  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: `fake provider bug: ${String(err)}`, type: 'server_error' } });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    for (const timer of this.hangTimers) clearTimeout(timer);
    this.hangTimers.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return this.baseUrl;
  }

  /** Base URL for the OpenAI SDK (and openai-compatible profiles). */
  get openaiBaseUrl(): string {
    return `${this.baseUrl}/v1`;
  }

  /** Merges a partial config over the current one (top-level fields replace). */
  configure(patch: SimulatorConfig): SimulatorConfig {
    this.config = parseSimulatorConfig({ ...this.config, ...patch }, 'fake provider config');
    return this.config;
  }

  /** Back to the config given at construction. */
  restoreConfig(): void {
    this.config = this.initialConfig;
  }

  calls(): CallCounts {
    return this.stats.snapshot();
  }

  /** Answers given (HTTP 200, which the providers bill) per request key, realtime and batch items alike. */
  billed(): Record<string, number> {
    return this.stats.billed();
  }

  /** Per model: requests being answered now, and the most ever answered at once (since the last reset). */
  concurrency(): Concurrency {
    return this.stats.concurrency();
  }

  /** Every request since the last reset, in arrival order; empty unless the config sets `keepRequests`. */
  requests(): RecordedRequest[] {
    return this.stats.requests();
  }

  /** Every batch since the last reset: its API, items, how many were answered, and its state. */
  batches(): BatchSummary[] {
    return this.batchStore.summaries();
  }

  /** Forgets calls, attempt counters, concurrency, kept requests, rate-limit windows, the prompt cache and batches (not the config). */
  reset(): void {
    this.stats.reset();
    this.limiter.reset();
    this.promptCache.reset();
    this.batchStore.reset();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const route = `${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`;
    switch (route) {
      case 'GET /_calls':
        return sendJson(res, 200, this.calls());
      case 'POST /_reset':
        this.reset();
        return sendJson(res, 200, { ok: true });
      case 'POST /_config':
        try {
          return sendJson(res, 200, this.configure(JSON.parse(raw) as SimulatorConfig));
        } catch (err) {
          return sendJson(res, 400, { error: { message: err instanceof Error ? err.message : String(err) } });
        }
      case 'POST /v1/chat/completions':
        return this.serve(openAIWire, req, res, raw);
      case 'POST /v1/messages':
        return this.serve(anthropicWire, req, res, raw);
      default:
        return this.serveBatches(req, res, raw, route);
    }
  }

  private serveBatches(req: IncomingMessage, res: ServerResponse, raw: string, route: string): void {
    const [method, path] = route.split(' ') as [string, string];
    const wire = path.startsWith('/v1/messages/') ? anthropicWire : openAIWire;
    const apiKey = presentedKey(req);
    if (path.startsWith('/v1/') && (!apiKey || (this.config.validKeys && !this.config.validKeys.includes(apiKey)))) {
      return sendJson(res, 401, wire.error(401, `Incorrect API key provided: ${apiKey ?? '(none)'}`, 'invalid_api_key'));
    }
    const reply = batchRoute(this.batchStore, method, path, raw, header(req, 'content-type') ?? '', this.baseUrl);
    if (!reply) return sendJson(res, 404, openAIWire.error(404, `no route ${route}`));
    if ('text' in reply) return sendText(res, reply.status, reply.text, { 'content-type': 'application/octet-stream' });
    return sendJson(res, reply.status, reply.json);
  }

  /** One item of a batch, answered and counted as a realtime call with its custom_id as the request key. */
  private batchItem(api: 'openai' | 'anthropic', body: unknown, customId: string, batchId: string): ItemAnswer {
    const config = this.config;
    const wire = api === 'openai' ? openAIWire : anthropicWire;
    const parsed = wire.parse(body);
    const model = typeof parsed === 'string' ? '(invalid request)' : parsed.model;
    const position = this.stats.arrive(customId, model);
    const judge = typeof parsed !== 'string' && isJudgeCall(parsed.messages);
    const record = (outcome: string, status: number): void =>
      this.stats.record({ at: new Date().toISOString(), api, key: customId, batchId, model, attempt: position.attempt, judge, outcome, status }, config.callLogFile);
    if (typeof parsed === 'string') {
      record('bad_request', 400);
      return { status: 400, body: wire.error(400, parsed) };
    }
    if (config.keepRequests) this.stats.keep({ at: new Date().toISOString(), api, key: customId, model, attempt: position.attempt, judge, messages: parsed.messages, body });
    const answer = this.answerFor(parsed, judge, customId, position.attempt);
    const fault = pickFault(config.faults ?? [], { ...position, model, key: customId }, config.seed ?? 1);
    if (fault) {
      const item = batchItemReply(wire, answer, fault);
      record(fault.fault, item.status);
      return item;
    }
    record('ok', 200);
    if (judge) this.stats.countJudgeCall(model);
    return { status: 200, body: wire.answer({ ...answer, ...this.cacheUse(api, parsed) }) };
  }

  private cacheUse(api: 'openai' | 'anthropic', request: WireRequest): CacheUse | Record<string, never> {
    return this.config.promptCache === false ? {} : this.promptCache.use(api, request);
  }

  private async serve(wire: Wire, req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const config = this.config;
    const key = header(req, 'x-medeval-key') ?? hashHex(raw).slice(0, 16);
    const parsed = parseRequest(wire, raw);
    const model = typeof parsed === 'string' ? '(invalid request)' : parsed.model;
    const position = this.stats.arrive(key, model);
    // in flight until the response is written, or until the socket closes (a hang, a reset)
    const leave = this.stats.enter(model);
    res.once('finish', leave).once('close', leave);
    const idempotencyKey = header(req, 'idempotency-key');
    const idempotency = idempotencyKey ? { idempotencyKey } : {};
    const judge = typeof parsed !== 'string' && isJudgeCall(parsed.messages);
    if (config.keepRequests && typeof parsed !== 'string') {
      this.stats.keep({ at: new Date().toISOString(), api: wire.api, key, model, attempt: position.attempt, judge, messages: parsed.messages, body: JSON.parse(raw) as unknown });
    }
    const headers = requestIdHeaders(wire, config, hashHex(key, position.index));
    const gateway = config.gateway !== undefined;
    const record = (outcome: string, status: number): void =>
      this.stats.record(
        { at: new Date().toISOString(), api: wire.api, key, ...idempotency, model, attempt: position.attempt, judge, outcome, status },
        config.callLogFile,
      );

    const apiKey = presentedKey(req);
    if (!apiKey || (config.validKeys && !config.validKeys.includes(apiKey))) {
      record('unauthorized', 401);
      // echoes the key on purpose: the worst a real server might do, so the client's scrubbing is put to the test
      return sendJson(res, 401, wire.error(401, `Incorrect API key provided: ${apiKey ?? '(none)'}`, 'invalid_api_key'), headers);
    }
    if (typeof parsed === 'string') {
      record('bad_request', 400);
      return sendJson(res, 400, wire.error(400, parsed), headers);
    }
    const sent = JSON.parse(raw) as object;
    const unsupported = config.gateway?.unsupportedParams?.filter((name) => name in sent) ?? [];
    if (unsupported.length > 0) {
      record('bad_request', 400);
      return sendJson(res, 400, unsupportedParamsError(wire, parsed.model, unsupported), headers);
    }

    const answer = this.answerFor(parsed, judge, key, position.attempt);
    if (config.rateLimits) {
      const verdict = this.limiter.tryAdmit(apiKey, answer.inputTokens + answer.outputTokens, config.rateLimits, Date.now());
      if (!verdict.ok) {
        record('rate_limited', 429);
        const limitHeaders = rateLimitHeaders(wire, { retryAfter: Math.ceil(verdict.retryAfterMs / 1000), retryAfterMs: verdict.retryAfterMs, resetAfterMs: verdict.retryAfterMs }, gateway);
        return sendJson(res, 429, wire.error(429, 'Rate limit reached (simulated)', 'rate_limit_exceeded'), { ...headers, ...limitHeaders });
      }
    }

    const fault = pickFault(config.faults ?? [], { ...position, model, key }, config.seed ?? 1);
    record(fault?.fault ?? 'ok', faultStatus(fault));
    if (fault?.fault === 'hang') return this.hang(res, config.hangCapMs ?? DEFAULT_HANG_CAP_MS);
    // judge scores given "by call order" follow the judge calls that were answered; no await since answerFor
    // read the count, so concurrent calls cannot take the same position
    if (judge && !fault) this.stats.countJudgeCall(model);
    // only a request that is answered fills the prompt cache
    const billed = fault ? answer : { ...answer, ...this.cacheUse(wire.api, parsed) };
    await sleep(this.latencyFor(model, key, position.attempt));
    return respond(wire, res, headers, billed, fault, gateway);
  }

  private answerFor(request: WireRequest, judge: boolean, key: string, attempt: number): WireAnswer {
    const { model, messages } = request;
    const h = hashHex(model, messages);
    const style = judge ? undefined : this.config.reasoning?.[model];
    const reasoning = `simulated reasoning ${h.slice(0, 6)}`;
    let text = judge ? this.judgeText(request, key, attempt) : simulatedAnswer(model, messages);
    if (style === 'think_tags') text = `<think>${reasoning}</think>\n${text}`;
    let finish: WireAnswer['finish'] = 'stop';
    if (request.maxTokens !== undefined && estimateTokens(text) > request.maxTokens) {
      text = truncateToTokens(text, request.maxTokens);
      finish = 'length';
    }
    return {
      id: h.slice(0, 24),
      model,
      text,
      finish,
      inputTokens: estimateTokens(messages.map((m) => m.content).join('\n')),
      outputTokens: estimateTokens(text),
      ...(style === 'field' ? { reasoning } : {}),
    };
  }

  private judgeText(request: WireRequest, key: string, attempt: number): string {
    return judgeAnswer({
      model: request.model,
      messages: request.messages,
      judgeCall: this.stats.judgeCallsAnswered(request.model) + 1,
      setting: this.config.judgeScores?.[request.model],
      dimensions: this.config.judgeDimensions?.[request.model],
      malformedRate: this.config.malformedJudgeRate?.[request.model] ?? 0,
      draw: [this.config.seed ?? 1, key, attempt],
    });
  }

  private latencyFor(model: string, key: string, attempt: number): number {
    const latency = this.config.modelLatencyMs?.[model] ?? this.config.latencyMs ?? 0;
    if (typeof latency === 'number') return latency;
    const [min, max] = latency;
    return min + (max - min) * unitFloat(this.config.seed ?? 1, 'latency', key, attempt);
  }

  /** Never answers; closes the socket after the cap so a client that never gives up does not leak it. */
  private hang(res: ServerResponse, capMs: number): void {
    const timer = setTimeout(() => {
      this.hangTimers.delete(timer);
      res.socket?.destroy();
    }, capMs);
    this.hangTimers.add(timer);
    res.once('close', () => {
      clearTimeout(timer);
      this.hangTimers.delete(timer);
    });
  }
}

function parseRequest(wire: Wire, raw: string): WireRequest | string {
  try {
    return wire.parse(JSON.parse(raw));
  } catch {
    return 'the body is not valid JSON';
  }
}

function respond(wire: Wire, res: ServerResponse, headers: Record<string, string>, answer: WireAnswer, fault: FaultRule | undefined, gateway: boolean): void {
  switch (fault?.fault) {
    case undefined:
      return sendJson(res, 200, wire.answer(answer), headers);
    case 'rate_limit':
      return sendJson(res, 429, wire.error(429, 'Rate limit reached (simulated)', 'rate_limit_exceeded'), { ...headers, ...rateLimitHeaders(wire, fault, gateway) });
    case 'server_error': {
      const status = fault.status ?? 500;
      return sendJson(res, status, wire.error(status, status === 529 ? 'Overloaded (simulated)' : `The server had an error (simulated ${status})`), headers);
    }
    case 'context_too_long':
      return sendJson(res, 400, wire.error(400, wire.contextTooLong(answer.inputTokens), 'context_length_exceeded'), headers);
    case 'upstream_error_200': {
      // a gateway passing the upstream's error object on with HTTP 200, in Anthropic's shape whatever the API
      const type = fault.errorType ?? 'overloaded_error';
      const body = { type: 'error', error: { type, message: `litellm.APIError: upstream ${type} (simulated)` } };
      return sendJson(res, 200, body, { ...headers, ...rateLimitHeaders(wire, fault, gateway) });
    }
    case 'refusal':
      return sendJson(res, 200, wire.answer({ ...answer, text: '', finish: 'refusal', outputTokens: 0 }), headers);
    case 'empty':
      return sendJson(res, 200, wire.answer({ ...answer, text: '', finish: 'stop', outputTokens: 0 }), headers);
    case 'missing_fields':
      return sendJson(res, 200, wire.missingFields(answer.model), headers);
    case 'malformed_json':
      return sendText(res, 200, '{"id": "simulated", "choices": [{"message": {"content": "cut', headers);
    case 'truncated':
      return sendTruncated(res, wire.answer(answer), headers);
    case 'reset':
      // an RST before any byte of the response: what a dropped proxy or server connection looks like. (An RST
      // after part of the body races with the client's read and may surface as a plain early close.)
      res.socket?.resetAndDestroy();
      return;
    case 'hang':
      return; // handled before latency: nothing is ever sent
  }
}

/** A fault as one batch item's result: an error status and body, or a refused or empty answer; 500 for transport faults. */
function batchItemReply(wire: Wire, answer: WireAnswer, fault: FaultRule): ItemAnswer {
  switch (fault.fault) {
    case 'rate_limit':
      return { status: 429, body: wire.error(429, 'Rate limit reached (simulated)', 'rate_limit_exceeded') };
    case 'context_too_long':
      return { status: 400, body: wire.error(400, wire.contextTooLong(answer.inputTokens), 'context_length_exceeded') };
    case 'refusal':
      return { status: 200, body: wire.answer({ ...answer, text: '', finish: 'refusal', outputTokens: 0 }) };
    case 'empty':
      return { status: 200, body: wire.answer({ ...answer, text: '', finish: 'stop', outputTokens: 0 }) };
    default: {
      const status = fault.fault === 'server_error' ? (fault.status ?? 500) : 500;
      return { status, body: wire.error(status, `The server had an error processing this request (simulated ${fault.fault})`) };
    }
  }
}

function faultStatus(fault: FaultRule | undefined): number {
  switch (fault?.fault) {
    case 'rate_limit':
      return 429;
    case 'server_error':
      return fault.status ?? 500;
    case 'context_too_long':
      return 400;
    case 'hang':
    case 'reset':
      return 0;
    default:
      return 200;
  }
}

function rateLimitHeaders(wire: Wire, hints: Pick<FaultRule, 'retryAfter' | 'retryAfterMs' | 'resetAfterMs'>, gateway: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (hints.retryAfter !== undefined) out['retry-after'] = String(hints.retryAfter);
  if (hints.retryAfterMs !== undefined) out['retry-after-ms'] = String(hints.retryAfterMs);
  if (wire.api === 'anthropic' && hints.resetAfterMs !== undefined) {
    const at = new Date(Date.now() + hints.resetAfterMs).toISOString();
    out['anthropic-ratelimit-requests-reset'] = at;
    out['anthropic-ratelimit-tokens-reset'] = at;
  }
  // LiteLLM passes the provider's headers on under this prefix
  return gateway ? Object.fromEntries(Object.entries(out).map(([name, value]) => [`llm_provider-${name}`, value])) : out;
}

/** The request id a client reads: the provider's own header, or behind a gateway only LiteLLM's call id (a UUID). */
function requestIdHeaders(wire: Wire, config: SimulatorConfig, digest: string): Record<string, string> {
  if (!config.gateway) return { [wire.requestIdHeader]: `req_${digest.slice(0, 20)}` };
  const uuid = [digest.slice(0, 8), digest.slice(8, 12), digest.slice(12, 16), digest.slice(16, 20), digest.slice(20, 32)].join('-');
  return { 'x-litellm-call-id': uuid };
}

/** LiteLLM's refusal of parameters the upstream does not take, in OpenAI's error format whatever the API. */
function unsupportedParamsError(wire: Wire, model: string, names: readonly string[]): unknown {
  const list = `[${names.map((name) => `'${name}'`).join(', ')}]`;
  const message = `litellm.UnsupportedParamsError: ${wire.api} does not support parameters: ${list}, for model=${model}. To drop these, set \`litellm.drop_params=True\` or for proxy:\n\n\`litellm_settings:\n drop_params: true\`\n`;
  return { error: { message, type: 'invalid_request_error', param: null, code: '400' } };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), headers);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Declares the full length, sends half, then closes the connection cleanly: a truncated body. */
function sendTruncated(res: ServerResponse, body: unknown, headers: Record<string, string>): void {
  const buf = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(buf.length), ...headers });
  res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.socket?.end());
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function presentedKey(req: IncomingMessage): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
  return bearer ?? header(req, 'x-api-key');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

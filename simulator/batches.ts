import { hashHex } from './hash.js';

/** What the fake's realtime logic answers for one batch item: an HTTP status and body, as the endpoint would. */
export interface ItemAnswer {
  status: number;
  body: unknown;
}

/** Answers (and bills) one item: the same logic as a realtime call, keyed by the item's custom_id. */
export type ItemAnswerer = (api: 'openai' | 'anthropic', body: unknown, customId: string, batchId: string) => ItemAnswer;

export interface BatchSettings {
  /** how long a batch takes: its items are answered evenly over this time, in order (0: all at the first look) */
  delayMs?: number | undefined;
  /** the provider's completion window: items not answered this long after creation expire */
  expireAfterMs?: number | undefined;
}

type ItemOutcome = ItemAnswer | 'expired' | 'cancelled';

interface Item {
  customId: string;
  body: unknown;
  outcome?: ItemOutcome;
}

interface Batch {
  id: string;
  api: 'openai' | 'anthropic';
  createdAt: number;
  items: Item[];
  metadata: Record<string, string>;
  inputFileId?: string;
  ending?: 'expired' | 'cancelled';
  endedAt?: number;
  cancelRequestedAt?: number;
  outputFileId?: string;
  errorFileId?: string;
}

export interface BatchSummary {
  id: string;
  api: 'openai' | 'anthropic';
  items: number;
  answered: number;
  state: 'in_progress' | 'ended' | 'expired' | 'cancelled';
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const succeeded = (o: ItemOutcome | undefined): o is ItemAnswer => typeof o === 'object' && o.status === 200;
const errored = (o: ItemOutcome | undefined): o is ItemAnswer => typeof o === 'object' && o.status !== 200;

/**
 * The fake's batch APIs: OpenAI's files and batches, Anthropic's message batches. A batch answers its items in order,
 * evenly over `delayMs`, whenever it is looked at (retrieve, results, cancel, list), each item once, through the
 * realtime logic (so answers, faults, caching and call counts are the realtime ones); items left when the
 * completion window passes expire, and a cancelled batch keeps the items it answered before.
 */
export class BatchStore {
  private readonly batches = new Map<string, Batch>();
  private readonly files = new Map<string, { id: string; purpose: string; filename: string; content: string; createdAt: number }>();
  private counter = 0;

  constructor(
    private readonly answer: ItemAnswerer,
    private readonly settings: () => BatchSettings,
    private readonly now: () => number = Date.now,
  ) {}

  createFile(content: string, purpose: string, filename: string) {
    const id = `file-${this.nextId(content)}`;
    const file = { id, purpose, filename, content, createdAt: this.now() };
    this.files.set(id, file);
    return fileObject(file);
  }

  fileContent(id: string): string | undefined {
    return this.files.get(id)?.content;
  }

  /** OpenAI: a batch over an uploaded JSONL file; undefined when the file is unknown, a string when a line is bad. */
  createOpenAI(inputFileId: string, metadata: Record<string, string>): unknown {
    const content = this.fileContent(inputFileId);
    if (content === undefined) return undefined;
    const items: Item[] = [];
    for (const [i, line] of content.split('\n').filter((l) => l.trim() !== '').entries()) {
      const parsed = JSON.parse(line) as { custom_id?: unknown; body?: unknown; url?: unknown };
      if (typeof parsed.custom_id !== 'string' || parsed.url !== '/v1/chat/completions') return `line ${i + 1}: expected custom_id and url /v1/chat/completions`;
      items.push({ customId: parsed.custom_id, body: parsed.body });
    }
    return this.openAIObject(this.add('openai', `batch_${this.nextId(inputFileId)}`, items, metadata, inputFileId));
  }

  createAnthropic(requests: { custom_id: string; params: unknown }[]): unknown {
    return this.anthropicObject(this.add('anthropic', `msgbatch_${this.nextId(JSON.stringify(requests.map((r) => r.custom_id)))}`, requests.map((r) => ({ customId: r.custom_id, body: r.params })), {}));
  }

  /** The batch as its API shows it, answered up to now; undefined when unknown (or of the other API). */
  retrieve(api: 'openai' | 'anthropic', id: string, baseUrl: string): unknown {
    const batch = this.look(api, id);
    return batch && (api === 'openai' ? this.openAIObject(batch) : this.anthropicObject(batch, baseUrl));
  }

  cancel(api: 'openai' | 'anthropic', id: string, baseUrl: string): unknown {
    const batch = this.look(api, id);
    if (!batch) return undefined;
    if (batch.endedAt === undefined) {
      batch.cancelRequestedAt = this.now();
      this.end(batch, 'cancelled');
    }
    return api === 'openai' ? this.openAIObject(batch) : this.anthropicObject(batch, baseUrl);
  }

  list(api: 'openai' | 'anthropic', baseUrl: string): unknown[] {
    return [...this.batches.values()]
      .filter((b) => b.api === api)
      .reverse()
      .map((b) => {
        this.advance(b);
        return api === 'openai' ? this.openAIObject(b) : this.anthropicObject(b, baseUrl);
      });
  }

  /** Anthropic's results file: one JSON line per item, once the batch has ended; undefined before. */
  anthropicResults(id: string): string | undefined {
    const batch = this.look('anthropic', id);
    if (!batch || batch.endedAt === undefined) return undefined;
    return batch.items
      .map((item) => {
        const o = item.outcome;
        const result =
          o === 'expired' ? { type: 'expired' } : o === 'cancelled' || o === undefined ? { type: 'canceled' } : o.status === 200 ? { type: 'succeeded', message: o.body } : { type: 'errored', error: o.body };
        return `${JSON.stringify({ custom_id: item.customId, result })}\n`;
      })
      .join('');
  }

  summaries(): BatchSummary[] {
    return [...this.batches.values()].map((b) => ({
      id: b.id,
      api: b.api,
      items: b.items.length,
      answered: b.items.filter((i) => typeof i.outcome === 'object').length,
      state: b.endedAt === undefined ? 'in_progress' : (b.ending ?? 'ended'),
    }));
  }

  reset(): void {
    this.batches.clear();
    this.files.clear();
  }

  private add(api: 'openai' | 'anthropic', id: string, items: Item[], metadata: Record<string, string>, inputFileId?: string): Batch {
    const batch: Batch = { id, api, createdAt: this.now(), items, metadata, ...(inputFileId ? { inputFileId } : {}) };
    this.batches.set(id, batch);
    this.advance(batch);
    return batch;
  }

  private look(api: 'openai' | 'anthropic', id: string): Batch | undefined {
    const batch = this.batches.get(id);
    if (!batch || batch.api !== api) return undefined;
    this.advance(batch);
    return batch;
  }

  /** Answers the items due by now (or by the expiry); ends the batch when all are answered or the window passed. */
  private advance(batch: Batch): void {
    if (batch.endedAt !== undefined) return;
    const { delayMs = 0, expireAfterMs } = this.settings();
    const elapsed = this.now() - batch.createdAt;
    const by = expireAfterMs !== undefined ? Math.min(elapsed, expireAfterMs) : elapsed;
    const due = delayMs <= 0 || by >= delayMs ? batch.items.length : Math.floor((batch.items.length * by) / delayMs);
    for (const item of batch.items.slice(0, due)) {
      item.outcome ??= this.answer(batch.api, item.body, item.customId, batch.id);
    }
    if (due === batch.items.length) this.end(batch);
    else if (expireAfterMs !== undefined && elapsed >= expireAfterMs) this.end(batch, 'expired');
  }

  private end(batch: Batch, ending?: 'expired' | 'cancelled'): void {
    for (const item of batch.items) item.outcome ??= ending ?? 'cancelled';
    if (ending) batch.ending = ending;
    batch.endedAt = this.now();
    if (batch.api !== 'openai') return;
    const line = (item: Item, response: unknown, error: unknown) => `${JSON.stringify({ id: `batch_req_${hashHex(batch.id, item.customId).slice(0, 24)}`, custom_id: item.customId, response, error })}\n`;
    const response = (o: ItemAnswer) => ({ status_code: o.status, request_id: `req_${hashHex(batch.id, o.status).slice(0, 20)}`, body: o.body });
    const output = batch.items.filter((i) => succeeded(i.outcome)).map((i) => line(i, response(i.outcome as ItemAnswer), null));
    const errors = batch.items
      .filter((i) => !succeeded(i.outcome))
      .map((i) =>
        errored(i.outcome)
          ? line(i, response(i.outcome), null)
          : line(i, null, i.outcome === 'expired'
              ? { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' }
              : { code: 'batch_cancelled', message: 'This request was not executed because the batch was cancelled.' }),
      );
    if (output.length > 0) batch.outputFileId = this.createFile(output.join(''), 'batch_output', `${batch.id}_output.jsonl`).id;
    if (errors.length > 0) batch.errorFileId = this.createFile(errors.join(''), 'batch_output', `${batch.id}_error.jsonl`).id;
  }

  private openAIObject(b: Batch) {
    const status = b.endedAt === undefined ? 'in_progress' : b.ending === 'expired' ? 'expired' : b.ending === 'cancelled' ? 'cancelled' : 'completed';
    return {
      id: b.id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: null,
      input_file_id: b.inputFileId,
      completion_window: '24h',
      status,
      output_file_id: b.outputFileId ?? null,
      error_file_id: b.errorFileId ?? null,
      created_at: seconds(b.createdAt),
      in_progress_at: seconds(b.createdAt),
      expires_at: seconds(b.createdAt + (this.settings().expireAfterMs ?? 86_400_000)),
      completed_at: status === 'completed' ? seconds(b.endedAt!) : null,
      expired_at: status === 'expired' ? seconds(b.endedAt!) : null,
      cancelling_at: b.cancelRequestedAt !== undefined ? seconds(b.cancelRequestedAt) : null,
      cancelled_at: status === 'cancelled' ? seconds(b.endedAt!) : null,
      failed_at: null,
      finalizing_at: null,
      request_counts: { total: b.items.length, completed: b.items.filter((i) => succeeded(i.outcome)).length, failed: b.items.filter((i) => errored(i.outcome)).length },
      metadata: b.metadata,
    };
  }

  private anthropicObject(b: Batch, baseUrl = '') {
    const count = (test: (o: ItemOutcome | undefined) => boolean) => b.items.filter((i) => test(i.outcome)).length;
    return {
      id: b.id,
      type: 'message_batch',
      processing_status: b.endedAt === undefined ? 'in_progress' : 'ended',
      request_counts: {
        processing: count((o) => o === undefined),
        succeeded: count(succeeded),
        errored: count(errored),
        canceled: count((o) => o === 'cancelled'),
        expired: count((o) => o === 'expired'),
      },
      created_at: new Date(b.createdAt).toISOString(),
      expires_at: new Date(b.createdAt + (this.settings().expireAfterMs ?? 86_400_000)).toISOString(),
      ended_at: b.endedAt !== undefined ? new Date(b.endedAt).toISOString() : null,
      cancel_initiated_at: b.cancelRequestedAt !== undefined ? new Date(b.cancelRequestedAt).toISOString() : null,
      archived_at: null,
      results_url: b.endedAt !== undefined ? `${baseUrl}/v1/messages/batches/${b.id}/results` : null,
    };
  }

  private nextId(seed: string): string {
    return hashHex(seed, ++this.counter, this.now()).slice(0, 24);
  }
}

function fileObject(f: { id: string; purpose: string; filename: string; content: string; createdAt: number }) {
  return { id: f.id, object: 'file', bytes: Buffer.byteLength(f.content), created_at: seconds(f.createdAt), filename: f.filename, purpose: f.purpose, status: 'processed' };
}

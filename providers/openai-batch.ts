import type OpenAI from 'openai';
import type { Batch } from 'openai/resources/batches';
import { CANCELLED_MESSAGE, EXPIRED_MESSAGE, itemAnswer, itemError } from './batch-items.js';
import { guardedCall } from './call-guard.js';
import type { BatchCapability, BatchItemResult, BatchRequest, BatchState, BatchStatus, ListedBatch } from './contract.js';
import { openAIRequestBody, openAIResultOf, type ChatCompletionsFlavour } from './openai-chat.js';
import { settingsSecrets, type SdkProviderSettings } from './sdk-settings.js';

const STATES: Record<Batch['status'], BatchState> = {
  validating: 'in_progress',
  in_progress: 'in_progress',
  finalizing: 'in_progress',
  cancelling: 'in_progress',
  completed: 'ended',
  expired: 'expired',
  cancelled: 'cancelled',
  failed: 'failed',
};

interface OutputLine {
  custom_id: string;
  response: { status_code: number; request_id?: string; body: unknown } | null;
  error: { code?: string; message?: string } | null;
}

/** OpenAI's Batch API: the requests as a JSONL file, one batch over it, results from its output and error files. */
export class OpenAIBatches implements BatchCapability {
  constructor(
    private readonly client: Promise<OpenAI>,
    private readonly flavour: ChatCompletionsFlavour,
    private readonly settings: SdkProviderSettings,
  ) {}

  async submit(requests: readonly BatchRequest[], metadata: Record<string, string>): Promise<{ batchId: string }> {
    const { toFile } = await import('openai');
    const lines = requests.map((r) => JSON.stringify({ custom_id: r.customId, method: 'POST', url: '/v1/chat/completions', body: openAIRequestBody(r.request, this.flavour, this.settings) }));
    const file = await this.call(async (client, signal) => client.files.create({ file: await toFile(Buffer.from(lines.join('\n')), 'medeval-batch.jsonl'), purpose: 'batch' }, { signal }));
    const batch = await this.call((client, signal) => client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata }, { signal }));
    return { batchId: batch.id };
  }

  async poll(batchId: string): Promise<BatchStatus> {
    const batch = await this.call((client, signal) => client.batches.retrieve(batchId, { signal }));
    const counts = batch.request_counts ?? { total: 0, completed: 0, failed: 0 };
    return { state: STATES[batch.status], counts: { done: counts.completed, failed: counts.failed, total: counts.total } };
  }

  async *results(batchId: string): AsyncIterable<BatchItemResult> {
    const batch = await this.call((client, signal) => client.batches.retrieve(batchId, { signal }));
    for (const fileId of [batch.output_file_id, batch.error_file_id]) {
      if (!fileId) continue;
      const text = await this.call(async (client, signal) => (await client.files.content(fileId, { signal })).text());
      for (const line of text.split('\n')) if (line.trim() !== '') yield this.item(JSON.parse(line) as OutputLine);
    }
  }

  async cancel(batchId: string): Promise<void> {
    await this.call((client, signal) => client.batches.cancel(batchId, { signal }));
  }

  async list(since: Date): Promise<ListedBatch[]> {
    const out: ListedBatch[] = [];
    const client = await this.client;
    for await (const b of client.batches.list({ limit: 100 })) {
      if (b.created_at * 1000 < since.getTime()) break;
      out.push({ batchId: b.id, state: STATES[b.status], createdAt: new Date(b.created_at * 1000), total: b.request_counts?.total ?? 0, metadata: (b.metadata ?? {}) as Record<string, string> });
    }
    return out;
  }

  private item(line: OutputLine): BatchItemResult {
    const secrets = settingsSecrets(this.settings);
    const { response } = line;
    if (response?.status_code === 200) {
      return itemAnswer(line.custom_id, () => openAIResultOf(response.body, this.settings.quirks), {
        ...(response.request_id ? { requestId: response.request_id } : {}),
        ...(this.flavour.simulated ? { simulated: true as const } : {}),
      });
    }
    if (response) return itemError(line.custom_id, response.status_code, response.body, secrets);
    if (line.error?.code === 'batch_expired') return { customId: line.custom_id, ok: false, kind: 'batch_expired', message: EXPIRED_MESSAGE };
    if (line.error?.code === 'batch_cancelled') return { customId: line.custom_id, ok: false, kind: 'cancelled', message: CANCELLED_MESSAGE };
    return { customId: line.custom_id, ok: false, kind: 'unexpected', message: `batch item error ${line.error?.code ?? '(no code)'}: ${line.error?.message ?? ''}` };
  }

  /** Each request of the batch API under the profile's deadline, its failures classified and scrubbed. */
  private async call<T>(fn: (client: OpenAI, signal: AbortSignal) => Promise<T>): Promise<T> {
    const client = await this.client;
    return (await guardedCall({ timeoutMs: this.settings.timeoutMs, secrets: settingsSecrets(this.settings) }, (signal) => fn(client, signal))).value;
  }
}

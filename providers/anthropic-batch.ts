import type Anthropic from '@anthropic-ai/sdk';
import type { MessageBatch, MessageBatchIndividualResponse } from '@anthropic-ai/sdk/resources/messages/batches';
import { anthropicRequestBody, anthropicResultOf } from './anthropic-messages.js';
import { CANCELLED_MESSAGE, EXPIRED_MESSAGE, itemAnswer, itemError } from './batch-items.js';
import { guardedCall } from './call-guard.js';
import type { BatchCapability, BatchItemResult, BatchRequest, BatchState, BatchStatus, ListedBatch } from './contract.js';
import { settingsSecrets, type SdkProviderSettings } from './sdk-settings.js';

// The HTTP status Anthropic sends with each error type, for classifying an errored item as a realtime error.
const STATUS_OF_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

function stateOf(b: MessageBatch): BatchState {
  if (b.processing_status !== 'ended') return 'in_progress';
  if (b.cancel_initiated_at) return 'cancelled';
  return b.request_counts.expired > 0 ? 'expired' : 'ended';
}

/** Anthropic's Message Batches: the requests in one create call, results as JSONL once the batch has ended. */
export class AnthropicBatches implements BatchCapability {
  constructor(
    private readonly client: Promise<Anthropic>,
    private readonly settings: SdkProviderSettings,
  ) {}

  async submit(requests: readonly BatchRequest[]): Promise<{ batchId: string }> {
    const body = { requests: requests.map((r) => ({ custom_id: r.customId, params: anthropicRequestBody(r.request, this.settings) })) };
    const batch = await this.call((client, signal) => client.messages.batches.create(body, { signal }));
    return { batchId: batch.id };
  }

  async poll(batchId: string): Promise<BatchStatus> {
    const b = await this.call((client, signal) => client.messages.batches.retrieve(batchId, {}, { signal }));
    const c = b.request_counts;
    return { state: stateOf(b), counts: { done: c.succeeded, failed: c.errored + c.expired + c.canceled, total: c.processing + c.succeeded + c.errored + c.expired + c.canceled } };
  }

  async *results(batchId: string): AsyncIterable<BatchItemResult> {
    const client = await this.client;
    for await (const r of await client.messages.batches.results(batchId)) yield this.item(r);
  }

  async cancel(batchId: string): Promise<void> {
    await this.call((client, signal) => client.messages.batches.cancel(batchId, {}, { signal }));
  }

  async list(since: Date): Promise<ListedBatch[]> {
    const out: ListedBatch[] = [];
    const client = await this.client;
    for await (const b of client.messages.batches.list({ limit: 100 })) {
      if (new Date(b.created_at).getTime() < since.getTime()) break;
      const c = b.request_counts;
      out.push({ batchId: b.id, state: stateOf(b), createdAt: new Date(b.created_at), total: c.processing + c.succeeded + c.errored + c.expired + c.canceled, metadata: {} });
    }
    return out;
  }

  private item(r: MessageBatchIndividualResponse): BatchItemResult {
    const result = r.result;
    switch (result.type) {
      case 'succeeded':
        return itemAnswer(r.custom_id, () => anthropicResultOf(result.message), {});
      case 'errored': {
        const error = result.error as unknown as { error?: { type?: string } };
        return itemError(r.custom_id, STATUS_OF_TYPE[error.error?.type ?? ''] ?? 500, result.error, settingsSecrets(this.settings));
      }
      case 'expired':
        return { customId: r.custom_id, ok: false, kind: 'batch_expired', message: EXPIRED_MESSAGE };
      case 'canceled':
        return { customId: r.custom_id, ok: false, kind: 'cancelled', message: CANCELLED_MESSAGE };
    }
  }

  private async call<T>(fn: (client: Anthropic, signal: AbortSignal) => Promise<T>): Promise<T> {
    const client = await this.client;
    return (await guardedCall({ timeoutMs: this.settings.timeoutMs, secrets: settingsSecrets(this.settings) }, (signal) => fn(client, signal))).value;
  }
}

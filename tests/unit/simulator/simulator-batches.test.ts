import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { GOOD_KEY, useSimulator } from '../providers/fixtures.js';
import type { Simulator } from '../../../simulator/server.js';

const openai = (fake: Simulator) => new OpenAI({ apiKey: GOOD_KEY, baseURL: fake.openaiBaseUrl, maxRetries: 0, organization: null, project: null });
const anthropic = (fake: Simulator) => new Anthropic({ apiKey: GOOD_KEY, baseURL: fake.url, maxRetries: 0 });
const ids = ['item-a', 'item-b', 'item-c', 'item-d'];
const question = (id: string) => `Question ${id}: what lowers LDL?`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openAIBatch(fake: Simulator, custom = ids) {
  const client = openai(fake);
  const lines = custom.map((id) => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'm1', messages: [{ role: 'user', content: question(id) }] } }));
  const file = await client.files.create({ file: await toFile(Buffer.from(lines.join('\n')), 'batch.jsonl'), purpose: 'batch' });
  const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { campaign: 'c1' } });
  return { client, batch };
}

async function readLines(client: OpenAI, fileId: string | null | undefined): Promise<{ custom_id: string; response: { status_code: number; body: unknown } | null; error: { code: string } | null }[]> {
  if (!fileId) return [];
  const text = await (await client.files.content(fileId)).text();
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

async function anthropicBatch(fake: Simulator) {
  const client = anthropic(fake);
  const batch = await client.messages.batches.create({ requests: ids.map((id) => ({ custom_id: id, params: { model: 'm1', max_tokens: 256, messages: [{ role: 'user', content: question(id) }] } })) });
  return { client, batch };
}

async function anthropicResults(client: Anthropic, id: string) {
  const out: { custom_id: string; result: { type: string } }[] = [];
  for await (const r of await client.messages.batches.results(id)) out.push(r);
  return out;
}

describe('the fake provider’s OpenAI Batch API (real SDK)', () => {
  const fake = useSimulator();

  it('files + batches: each line answered once, as realtime answers it, in an output file', async () => {
    const { client, batch } = await openAIBatch(fake());
    const done = await client.batches.retrieve(batch.id);
    expect(done).toMatchObject({ status: 'completed', request_counts: { total: 4, completed: 4, failed: 0 }, metadata: { campaign: 'c1' }, error_file_id: null });
    const lines = await readLines(client, done.output_file_id);
    expect(lines.map((l) => l.custom_id)).toEqual(ids);
    const realtime = await client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: question('item-a') }] });
    expect((lines[0]!.response!.body as typeof realtime).choices[0]!.message.content).toBe(realtime.choices[0]!.message.content);
    await client.batches.retrieve(batch.id);
    // billed once per custom_id, however often the batch is looked at
    expect(Object.fromEntries(ids.map((id) => [id, fake().calls().byKey[id]]))).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    expect((await client.batches.list()).data.map((b) => b.id)).toEqual([batch.id]);
  });

  it('answers over the processing delay; per-item errors land in the error file', async () => {
    fake().configure({ batches: { delayMs: 400 }, faults: [{ fault: 'server_error', status: 500, keys: ['item-b'] }, { fault: 'context_too_long', keys: ['item-c'] }] });
    const { client, batch } = await openAIBatch(fake());
    expect(batch.status).toBe('in_progress');
    expect(fake().calls().total).toBe(0);
    await sleep(450);
    const done = await client.batches.retrieve(batch.id);
    expect(done.request_counts).toEqual({ total: 4, completed: 2, failed: 2 });
    expect((await readLines(client, done.output_file_id)).map((l) => l.custom_id)).toEqual(['item-a', 'item-d']);
    const errors = await readLines(client, done.error_file_id);
    expect(errors.map((l) => [l.custom_id, l.response?.status_code])).toEqual([['item-b', 500], ['item-c', 400]]);
  });

  it('an expired batch keeps what it answered in time; the rest is in the error file as batch_expired', async () => {
    fake().configure({ batches: { delayMs: 400, expireAfterMs: 250 } });
    const { client, batch } = await openAIBatch(fake());
    await sleep(300);
    const done = await client.batches.retrieve(batch.id);
    expect(done.status).toBe('expired');
    expect((await readLines(client, done.output_file_id)).map((l) => l.custom_id)).toEqual(['item-a', 'item-b']);
    expect((await readLines(client, done.error_file_id)).map((l) => [l.custom_id, l.error?.code])).toEqual([['item-c', 'batch_expired'], ['item-d', 'batch_expired']]);
    expect(fake().calls().total).toBe(2);
  });

  it('a cancelled batch keeps the items answered before the cancel, and bills nothing more', async () => {
    fake().configure({ batches: { delayMs: 1000 } });
    const { client, batch } = await openAIBatch(fake());
    await sleep(300);
    const cancelled = await client.batches.cancel(batch.id);
    expect(cancelled.status).toBe('cancelled');
    const answered = (await readLines(client, cancelled.output_file_id)).map((l) => l.custom_id);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    expect(answered.length).toBeLessThan(4);
    expect((await readLines(client, cancelled.error_file_id)).every((l) => l.error?.code === 'batch_cancelled')).toBe(true);
    await sleep(800);
    await client.batches.retrieve(batch.id);
    expect(fake().calls().total).toBe(answered.length);
  });
});

describe('the fake provider’s Anthropic Message Batches API (real SDK)', () => {
  const fake = useSimulator();

  it('create, retrieve, results: each request answered once', async () => {
    const { client, batch } = await anthropicBatch(fake());
    expect(batch).toMatchObject({ type: 'message_batch', processing_status: 'ended', request_counts: { succeeded: 4, processing: 0 } });
    const results = await anthropicResults(client, batch.id);
    expect(results.map((r) => [r.custom_id, r.result.type])).toEqual(ids.map((id) => [id, 'succeeded']));
    await anthropicResults(client, batch.id);
    expect(fake().calls().total).toBe(4);
    expect((await client.messages.batches.list()).data.map((b) => b.id)).toEqual([batch.id]);
  });

  it('per-item errors, expiry and cancel as result types', async () => {
    fake().configure({ batches: { delayMs: 400, expireAfterMs: 250 }, faults: [{ fault: 'server_error', status: 529, keys: ['item-a'] }] });
    const { client, batch } = await anthropicBatch(fake());
    await expect(client.messages.batches.results(batch.id)).rejects.toThrow(/results_url/);
    await sleep(300);
    expect((await client.messages.batches.retrieve(batch.id)).request_counts).toEqual({ processing: 0, succeeded: 1, errored: 1, canceled: 0, expired: 2 });
    const results = await anthropicResults(client, batch.id);
    expect(results.map((r) => r.result.type)).toEqual(['errored', 'succeeded', 'expired', 'expired']);

    fake().configure({ batches: { delayMs: 1000 }, faults: [] });
    const second = await anthropicBatch(fake());
    const cancelled = await second.client.messages.batches.cancel(second.batch.id);
    expect(cancelled.processing_status).toBe('ended');
    expect((await anthropicResults(second.client, second.batch.id)).map((r) => r.result.type)).toEqual(['canceled', 'canceled', 'canceled', 'canceled']);
  });

  it('refuses a custom_id outside ^[a-zA-Z0-9_-]{1,64}$', async () => {
    const client = anthropic(fake());
    await expect(client.messages.batches.create({ requests: [{ custom_id: 'a/b', params: { model: 'm1', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] } }] })).rejects.toMatchObject({ status: 400 });
  });
});

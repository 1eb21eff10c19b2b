import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../providers/errors.js';
import { APIS, ask, failureOf, providerFor, useSimulator } from './fixtures.js';

describe.each(APIS)('%s provider against the fake server (real SDK over HTTP)', (api) => {
  const fake = useSimulator();

  it('returns text, finish reason, usage, request id, reported model and latency', async () => {
    const result = await providerFor(fake(), api).complete(ask('What is hypertension?', { system: 'Be brief.' }));
    expect(result.text).toMatch(/^\[simulated answer\] This is a simulated answer/);
    expect(result.finishReason).toBe('stop');
    expect(result.model).toBe('m1');
    expect(result.requestId).toMatch(/^req_[0-9a-f]{20}$/);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.simulated).toBeUndefined();
    expect(fake().calls()).toMatchObject({ total: 1, byOutcome: { ok: 1 }, byModel: { m1: 1 } });
  });

  it('answers the same request with the same text, in the language of the question', async () => {
    const provider = providerFor(fake(), api);
    const first = await provider.complete(ask('头痛三天，需要做什么检查？'));
    const again = await provider.complete(ask('头痛三天，需要做什么检查？'));
    const other = await provider.complete(ask('头痛一周，需要做什么检查？'));
    expect(again.text).toBe(first.text);
    expect(other.text).not.toBe(first.text);
    expect(first.text).toContain('这是模拟回答');
  });

  it('reports a length finish when max tokens cut the answer', async () => {
    const result = await providerFor(fake(), api).complete(ask('Explain the causes of anaemia.', { params: { maxTokens: 5 } }));
    expect(result.finishReason).toBe('length');
    expect(result.usage.outputTokens).toBeLessThanOrEqual(5);
  });

  it('keeps reasoning out of the answer: a reasoning field is never read', async () => {
    fake().configure({ reasoning: { m1: 'field' } });
    const result = await providerFor(fake(), api).complete(ask('Is aspirin an NSAID?'));
    expect(result.text).not.toContain('simulated reasoning');
    expect(result.text).toMatch(/^\[simulated answer\]/);
  });

  it('counts calls by request key exactly, sending the key as x-medeval-key (no SDK retries)', async () => {
    const provider = providerFor(fake(), api);
    await provider.complete(ask('q1', { callKey: 'camp/m1/MK-1-1/0/1' }));
    await provider.complete(ask('q1', { callKey: 'camp/m1/MK-1-1/0/1' }));
    await provider.complete(ask('q2', { callKey: 'camp/m1/MK-1-2/0/1' }));
    fake().configure({ faults: [{ fault: 'server_error', status: 503 }] });
    await failureOf(provider.complete(ask('q3', { callKey: 'camp/m1/MK-1-3/0/1' })));
    expect(fake().calls()).toEqual({
      total: 4,
      byKey: { 'camp/m1/MK-1-1/0/1': 2, 'camp/m1/MK-1-2/0/1': 1, 'camp/m1/MK-1-3/0/1': 1 },
      byModel: { m1: 4 },
      byOutcome: { ok: 3, server_error: 1 },
    });
  });

  it('turns an aborted signal into a non-retryable cancelled error', async () => {
    fake().configure({ latencyMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await failureOf(providerFor(fake(), api).complete(ask('slow'), controller.signal));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'cancelled', retryable: false });
  });
});

describe('openai-compatible quirks', () => {
  const fake = useSimulator();

  it('stripReasoning removes a <think> block left in the text; without it the block stays', async () => {
    fake().configure({ reasoning: { m1: 'think_tags' } });
    const raw = await providerFor(fake(), 'openai').complete(ask('Is ibuprofen an NSAID?'));
    const stripped = await providerFor(fake(), 'openai', { quirks: { stripReasoning: true } }).complete(ask('Is ibuprofen an NSAID?'));
    expect(raw.text).toMatch(/^<think>simulated reasoning [0-9a-f]{6}<\/think>\n\[simulated answer\]/);
    expect(stripped.text).toBe(raw.text.replace(/^<think>[^<]*<\/think>\n/, ''));
  });

  it('a simulated profile marks every result as simulated', async () => {
    const result = await providerFor(fake(), 'openai', { kind: 'simulated' }).complete(ask('hello'));
    expect(result.simulated).toBe(true);
    expect(result.text).toContain('[simulated answer]');
  });
});

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProviderError } from '../../../providers/errors.js';
import { DIMENSIONS_CONTRACT, MALFORMED_JUDGE_TEXT, SCORE_CONTRACT } from '../../../simulator/answers.js';
import { pickFault } from '../../../simulator/faults.js';
import { SlidingWindowLimiter } from '../../../simulator/rate-limiter.js';
import { estimateTokens } from '../../../lib/token-estimate.js';
import { truncateToTokens } from '../../../simulator/tokens.js';
import { APIS, ask, failureOf, GOOD_KEY, providerFor, useSimulator } from '../providers/fixtures.js';

/** A prompt that asks for one of the judge output contracts, as every judge template does. */
const judgePrompt = (answer: string, mtg = false) =>
  ask(`Score the answer below. Reply with JSON: {${(mtg ? DIMENSIONS_CONTRACT : SCORE_CONTRACT).join(', ')}}\n---\n${answer}`, { model: 'judge-1' });

describe.each(APIS)('fake provider judge answers (%s)', (api) => {
  const fake = useSimulator();

  it('answers a judge prompt with {"rationale", "score"} deterministically from the request', async () => {
    const provider = providerFor(fake(), api);
    const first = JSON.parse((await provider.complete(judgePrompt('answer A'))).text);
    const again = JSON.parse((await provider.complete(judgePrompt('answer A'))).text);
    expect(Object.keys(first)).toEqual(['rationale', 'score']);
    expect(first.rationale).toMatch(/^\[simulated judge\] deterministic rationale/);
    expect(Number.isInteger(first.score) && first.score >= 0 && first.score <= 5).toBe(true);
    expect(again).toEqual(first);
  });

  it('uses a configured score, or scores by call order (cycled)', async () => {
    const provider = providerFor(fake(), api);
    fake().configure({ judgeScores: { 'judge-1': 4 } });
    expect(JSON.parse((await provider.complete(judgePrompt('x'))).text).score).toBe(4);
    fake().configure({ judgeScores: { 'judge-1': [1, 2, 3] } });
    fake().reset();
    const scores = [];
    for (let i = 0; i < 4; i++) scores.push(JSON.parse((await provider.complete(judgePrompt(`x${i}`))).text).score);
    expect(scores).toEqual([1, 2, 3, 1]);
  });

  it('answers MTG prompts with the five dimensions', async () => {
    const provider = providerFor(fake(), api);
    fake().configure({ judgeScores: { 'judge-1': 2 } });
    expect(JSON.parse((await provider.complete(judgePrompt('x', true))).text)).toEqual({
      rationale: expect.any(String),
      instruction_following: 2,
      correctness: 2,
      effectiveness: 2,
      readability: 2,
      safety: 1,
    });
    fake().configure({ judgeScores: { 'judge-1': 0 } });
    expect(JSON.parse((await provider.complete(judgePrompt('y', true))).text)).toMatchObject({ correctness: 0, safety: 0 });
  });

  it('emits malformed judge text at the configured rate, reproducibly', async () => {
    const provider = providerFor(fake(), api);
    fake().configure({ malformedJudgeRate: { 'judge-1': 0.5 } });
    const run = async () => {
      const texts = [];
      for (let i = 0; i < 16; i++) texts.push((await provider.complete(judgePrompt(`answer ${i}`))).text);
      return texts.map((t) => t === MALFORMED_JUDGE_TEXT);
    };
    const first = await run();
    fake().reset();
    expect(await run()).toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThan(2);
    expect(first.filter((m) => !m).length).toBeGreaterThan(2);
  });
});

describe('fake provider faults by script and by rate', () => {
  const fake = useSimulator({ seed: 7 });

  it('calls: [2] for one model fails only that model’s second call', async () => {
    fake().configure({ faults: [{ fault: 'server_error', status: 503, model: 'm1', calls: [2] }] });
    const provider = providerFor(fake(), 'openai');
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await provider.complete(ask(`q${i}`)).then(() => 'ok', (e: ProviderError) => e.kind));
    expect(outcomes).toEqual(['ok', 'overloaded', 'ok']);
  });

  it('attempts: [1] fails every first attempt of a key and lets the retry through', async () => {
    fake().configure({ faults: [{ fault: 'rate_limit', retryAfter: 1, attempts: [1] }] });
    const provider = providerFor(fake(), 'anthropic');
    expect(await failureOf(provider.complete(ask('q', { callKey: 'k1' })))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1000 });
    await expect(provider.complete(ask('q', { callKey: 'k1' }))).resolves.toMatchObject({ finishReason: 'stop' });
    expect(fake().calls().byKey).toEqual({ k1: 2 });
  });

  it('a rate applies the fault to about that share of calls, the same ones on every run', async () => {
    fake().configure({ faults: [{ fault: 'empty', rate: 0.3 }] });
    const provider = providerFor(fake(), 'openai');
    const run = async () => {
      const failed = [];
      for (let i = 0; i < 30; i++) failed.push(await provider.complete(ask(`q${i}`, { callKey: `key-${i}` })).then(() => false, () => true));
      return failed;
    };
    const first = await run();
    fake().reset();
    expect(await run()).toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThanOrEqual(3);
    expect(first.filter(Boolean).length).toBeLessThanOrEqual(15);
  });

  it('fixed latency delays the answer; a range draws within it', async () => {
    fake().configure({ latencyMs: 120 });
    expect((await providerFor(fake(), 'openai').complete(ask('q'))).latencyMs).toBeGreaterThanOrEqual(110);
    fake().configure({ latencyMs: [40, 90] });
    const latencies = await Promise.all([1, 2, 3].map((i) => providerFor(fake(), 'openai').complete(ask(`r${i}`)).then((r) => r.latencyMs)));
    for (const ms of latencies) {
      expect(ms).toBeGreaterThanOrEqual(35);
      expect(ms).toBeLessThan(400);
    }
  });

  it('a hung request’s socket is closed after hangCapMs even if the client never gives up', async () => {
    fake().configure({ faults: [{ fault: 'hang' }], hangCapMs: 150 });
    const started = Date.now();
    // a client without any timeout: only the server's cap ends this
    const outcome = await fetch(`${fake().openaiBaseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GOOD_KEY}` },
      body: JSON.stringify({ model: 'm1', messages: [{ role: 'user', content: 'q' }] }),
    }).then(
      () => 'answered',
      () => 'closed',
    );
    expect(outcome).toBe('closed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('fake provider control endpoints (for tests in other processes)', () => {
  const fake = useSimulator();

  it('POST /_config changes faults, GET /_calls reports, POST /_reset clears', async () => {
    const url = fake().url;
    const post = (path: string, body?: unknown) => fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
    expect((await post('/_config', { faults: [{ fault: 'server_error', status: 502 }] })).status).toBe(200);
    expect(await failureOf(providerFor(fake(), 'openai').complete(ask('q', { callKey: 'a' })))).toMatchObject({ kind: 'overloaded', status: 502 });
    await post('/_config', { faults: [] });
    await providerFor(fake(), 'openai').complete(ask('q', { callKey: 'a' }));
    expect(await (await fetch(`${url}/_calls`)).json()).toEqual({ total: 2, byKey: { a: 2 }, byModel: { m1: 2 }, byOutcome: { server_error: 1, ok: 1 } });
    expect((await post('/_reset')).status).toBe(200);
    expect(await (await fetch(`${url}/_calls`)).json()).toEqual({ total: 0, byKey: {}, byModel: {}, byOutcome: {} });
  });

  it('POST /_config with a bad field answers 400 naming it', async () => {
    const res = await fetch(`${fake().url}/_config`, { method: 'POST', body: JSON.stringify({ faults: [{ fault: 'explode' }] }) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('faults.0.fault');
  });

  it('appends every call to the call log, with its call key', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'medeval-fake-')), 'calls.jsonl');
    fake().configure({ callLogFile: file });
    await providerFor(fake(), 'anthropic').complete(ask('q', { callKey: 'camp/m1/MK-1-1/0/1' }));
    await failureOf(providerFor(fake(), 'openai', { key: 'wrong' }).complete(ask('q')));
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ api: 'anthropic', key: 'camp/m1/MK-1-1/0/1', outcome: 'ok', status: 200, attempt: 1 }),
      expect.objectContaining({ api: 'openai', outcome: 'unauthorized', status: 401 }),
    ]);
    expect(lines[1].key).toMatch(/^[0-9a-f]{16}$/);
    expect(lines[0]).not.toHaveProperty('idempotencyKey');
  });

  it.each(APIS)('sends the call key only in the header a profile names, and no Idempotency-Key by default (%s)', async (api) => {
    const file = join(await mkdtemp(join(tmpdir(), 'medeval-fake-')), 'calls.jsonl');
    fake().configure({ callLogFile: file });
    await providerFor(fake(), api, { callKeyHeader: null }).complete(ask('q1', { callKey: 'camp/m1/MK-1-1/s0' }));
    await providerFor(fake(), api, { callKeyHeader: 'Idempotency-Key' }).complete(ask('q2', { callKey: 'camp/m1/MK-1-2/s0' }));
    const [plain, gateway] = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    // without x-medeval-key the simulator can only name the call by a hash of its body
    expect(plain.key).toMatch(/^[0-9a-f]{16}$/);
    expect(plain).not.toHaveProperty('idempotencyKey');
    expect(gateway).toMatchObject({ idempotencyKey: 'camp/m1/MK-1-2/s0' });
    expect(gateway.key).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('fake provider pure parts', () => {
  it('SlidingWindowLimiter: requests per minute per key, freed as the window slides', () => {
    const limiter = new SlidingWindowLimiter();
    const limits = { requestsPerMinute: 2 };
    expect(limiter.tryAdmit('k', 1, limits, 0)).toEqual({ ok: true });
    expect(limiter.tryAdmit('k', 1, limits, 10_000)).toEqual({ ok: true });
    expect(limiter.tryAdmit('k', 1, limits, 20_000)).toEqual({ ok: false, retryAfterMs: 40_000 });
    expect(limiter.tryAdmit('other', 1, limits, 20_000)).toEqual({ ok: true });
    expect(limiter.tryAdmit('k', 1, limits, 60_001)).toEqual({ ok: true });
  });

  it('SlidingWindowLimiter: tokens per minute wait for enough old calls to leave the window', () => {
    const limiter = new SlidingWindowLimiter();
    const limits = { tokensPerMinute: 100 };
    limiter.tryAdmit('k', 40, limits, 0);
    limiter.tryAdmit('k', 40, limits, 5_000);
    expect(limiter.tryAdmit('k', 50, limits, 6_000)).toEqual({ ok: false, retryAfterMs: 54_000 });
    expect(limiter.tryAdmit('k', 500, limits, 6_000)).toEqual({ ok: false, retryAfterMs: 60_000 });
  });

  it('pickFault: first matching rule; model filter, call positions and attempts', () => {
    const rules = [
      { fault: 'hang' as const, model: 'a', calls: [2] },
      { fault: 'empty' as const, attempts: [1] },
    ];
    const call = { model: 'a', index: 5, modelIndex: 2, key: 'k', attempt: 1 };
    expect(pickFault(rules, call, 1)?.fault).toBe('hang');
    expect(pickFault(rules, { ...call, modelIndex: 3 }, 1)?.fault).toBe('empty');
    expect(pickFault(rules, { ...call, modelIndex: 3, attempt: 2 }, 1)).toBeUndefined();
  });

  it('pickFault: a keys rule fires on every attempt of those keys and on no other key', () => {
    const rules = [{ fault: 'rate_limit' as const, keys: ['c/m/MK-1-2/s1'] }];
    const call = { model: 'm', index: 1, modelIndex: 1, key: 'c/m/MK-1-2/s1', attempt: 1 };
    expect(pickFault(rules, call, 1)?.fault).toBe('rate_limit');
    expect(pickFault(rules, { ...call, attempt: 6 }, 1)?.fault).toBe('rate_limit');
    expect(pickFault(rules, { ...call, key: 'c/m/MK-1-2/s0' }, 1)).toBeUndefined();
  });

  it('estimateTokens / truncateToTokens', () => {
    expect(estimateTokens('头痛')).toBe(2);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(truncateToTokens('头痛发热咳嗽', 3)).toBe('头痛发');
    expect(truncateToTokens('short', 100)).toBe('short');
  });
});

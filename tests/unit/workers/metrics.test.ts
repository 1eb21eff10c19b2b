import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startMetricsServer, workerMetrics } from '../../../workers/metrics.js';

describe('worker metrics', () => {
  it('a call counts by profile, kind and outcome; tokens and cost only when it succeeded; a 429 also as rate limited', () => {
    const m = workerMetrics();
    m.call('generate', { profile: 'gpt', gateWaitMs: 1500, outcome: 'ok', inputTokens: 100, outputTokens: 40, costUsd: 0.25 });
    m.call('generate', { profile: 'gpt', gateWaitMs: 0, outcome: 'rate_limited', inputTokens: 0, outputTokens: 0, costUsd: 0 });
    m.call('judge', { profile: 'gpt', gateWaitMs: 0, outcome: 'ok', inputTokens: 10, outputTokens: 5, costUsd: 0.5 });
    m.scheduleToStart('provider.gpt', 40);
    const text = m.registry.render();
    for (const line of [
      'medeval_calls_total{profile="gpt",kind="generate",outcome="ok"} 1',
      'medeval_calls_total{profile="gpt",kind="generate",outcome="rate_limited"} 1',
      'medeval_calls_total{profile="gpt",kind="judge",outcome="ok"} 1',
      'medeval_tokens_total{profile="gpt",kind="generate",direction="input"} 100',
      'medeval_tokens_total{profile="gpt",kind="generate",direction="output"} 40',
      'medeval_cost_usd_total{profile="gpt",kind="generate"} 0.25',
      'medeval_cost_usd_total{profile="gpt",kind="judge"} 0.5',
      'medeval_rate_limited_total{profile="gpt"} 1',
      'medeval_rate_gate_wait_seconds_bucket{profile="gpt",le="1"} 2',
      'medeval_rate_gate_wait_seconds_bucket{profile="gpt",le="2.5"} 3',
      'medeval_rate_gate_wait_seconds_sum{profile="gpt"} 1.5',
      'medeval_schedule_to_start_seconds_count{queue="provider.gpt"} 1',
      'medeval_schedule_to_start_seconds_sum{queue="provider.gpt"} 0.04',
    ])
      expect(text.split('\n')).toContain(line);
  });

  it('GET /metrics serves medeval\'s figures and then the runtime\'s; an unreachable runtime leaves a comment', async () => {
    const runtime = createServer((_req, res) => res.end('temporal_worker_task_slots_available{worker_type="ActivityWorker"} 100\n'));
    await new Promise<void>((resolve) => runtime.listen(0, '127.0.0.1', () => resolve()));
    const m = workerMetrics();
    m.scheduleToStart('q', 1);
    const up = await startMetricsServer({ host: '127.0.0.1', port: 0, registry: m.registry, runtimeUrl: `http://127.0.0.1:${(runtime.address() as AddressInfo).port}/metrics` });
    const down = await startMetricsServer({ host: '127.0.0.1', port: 0, registry: m.registry, runtimeUrl: 'http://127.0.0.1:1/metrics' });
    try {
      const res = await fetch(up.url);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await res.text();
      expect(text.startsWith('# HELP medeval_calls_total')).toBe(true);
      expect(text.endsWith('\ntemporal_worker_task_slots_available{worker_type="ActivityWorker"} 100\n')).toBe(true);
      expect(await (await fetch(down.url)).text()).toMatch(/\n# Temporal runtime metrics unavailable: .+\n$/);
      expect((await fetch(up.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await up.close();
      await down.close();
      runtime.close();
    }
  });
});

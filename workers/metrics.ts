import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallMetrics } from '../activities/as-activity.js';
import { MetricsRegistry } from '../lib/metrics-registry.js';

/** Seconds: from admitted at once to a budget spent for minutes. */
const WAIT_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** medeval's own figures for one worker process: paid calls, tokens, cost, 429s, rate-gate waits, queueing. */
export function workerMetrics(registry = new MetricsRegistry()): CallMetrics & { registry: MetricsRegistry } {
  const calls = registry.counter('medeval_calls_total', 'Paid call attempts by provider profile, kind (generate, judge) and outcome (ok or the error kind)', ['profile', 'kind', 'outcome']);
  const tokens = registry.counter('medeval_tokens_total', 'Tokens used by successful paid calls, by direction (input, output)', ['profile', 'kind', 'direction']);
  const cost = registry.counter('medeval_cost_usd_total', "Cost of successful paid calls in USD on the profile's pricing (0 for unpriced profiles)", ['profile', 'kind']);
  const limited = registry.counter('medeval_rate_limited_total', 'Paid call attempts the provider answered with 429 (rate limited)', ['profile']);
  const gateWait = registry.histogram('medeval_rate_gate_wait_seconds', "Time a paid call waited for a lease on its profile's shared budget (concurrency, tokens per minute; and any pause) before it was sent", ['profile'], WAIT_BUCKETS);
  const queued = registry.histogram('medeval_schedule_to_start_seconds', 'Time from a paid call attempt being scheduled to a worker starting it, by task queue', ['queue'], WAIT_BUCKETS);
  return {
    registry,
    call(kind, c) {
      calls.inc({ profile: c.profile, kind, outcome: c.outcome });
      gateWait.observe({ profile: c.profile }, c.gateWaitMs / 1000);
      if (c.outcome === 'rate_limited') limited.inc({ profile: c.profile });
      if (c.outcome !== 'ok') return;
      tokens.inc({ profile: c.profile, kind, direction: 'input' }, c.inputTokens);
      tokens.inc({ profile: c.profile, kind, direction: 'output' }, c.outputTokens);
      cost.inc({ profile: c.profile, kind }, c.costUsd);
    },
    scheduleToStart(queue, ms) {
      queued.observe({ queue }, ms / 1000);
    },
  };
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * GET /metrics: medeval's registry, then the Temporal SDK's runtime metrics (the Prometheus exporter the runtime
 * serves on a loopback port, fetched per scrape), so one scrape target has both. A runtime that does not answer
 * leaves a comment line and medeval's figures.
 */
export async function startMetricsServer(options: { host: string; port: number; registry: MetricsRegistry; runtimeUrl?: string }): Promise<MetricsServer> {
  const runtimeText = async (): Promise<string> => {
    if (!options.runtimeUrl) return '';
    try {
      const res = await fetch(options.runtimeUrl, { signal: AbortSignal.timeout(2_000) });
      return res.ok ? await res.text() : `# Temporal runtime metrics unavailable: HTTP ${res.status}\n`;
    } catch (err) {
      return `# Temporal runtime metrics unavailable: ${err instanceof Error ? err.message : String(err)}\n`;
    }
  };
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://metrics').pathname !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('GET /metrics\n');
      return;
    }
    void runtimeText().then((runtime) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(options.registry.render() + runtime);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return { url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

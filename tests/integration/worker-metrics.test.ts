import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerQueue } from '../../campaign/keys.js';
import { freePort } from '../../lib/ports.js';
import { collections } from '../../store/collections.js';
import { campaignHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

const MODEL = 'sim-model-a';
const JUDGE = 'sim-judge';
let h: CampaignHarness;
let worker: WorkerProcess | undefined;
let port: number;

beforeAll(async () => {
  // the model's 2nd and 5th calls are answered 429: two rate-limited attempts, retried at once
  h = await campaignHarness({ latencyMs: [0, 2], faults: [{ fault: 'rate_limit', model: MODEL, calls: [2, 5], retryAfterMs: 20 }] });
});
afterAll(async () => {
  await worker?.stop();
  await h?.close();
});

/** One sample's value from the exposition text; undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('medeval worker --metrics-port', () => {
  it('after a tiny campaign, the endpoint serves its calls, tokens, cost, 429s, gate waits and queueing, beside the SDK runtime metrics', async () => {
    const { configFile, profilesFile } = await h.writeConfig({ models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1 });
    port = await freePort();
    worker = await startWorkerProcess(h.store.settings, profilesFile, 60_000, {}, ['--metrics-port', String(port)]);
    expect(worker.output()).toContain(`metrics on http://127.0.0.1:${port}/metrics`);
    const { campaignId } = await h.start(configFile);
    expect((await h.result(campaignId)).status).toBe('completed');

    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const { generations, judgements } = collections(h.db);
    const gens = await generations.find({ campaignId, status: 'succeeded' }).toArray();
    const juds = await judgements.find({ campaignId, status: 'succeeded' }).toArray();
    expect(gens).toHaveLength(14);
    expect(juds).toHaveLength(14);
    const sum = (docs: { usage?: { inputTokens: number; outputTokens: number }; costUsd?: number }[], f: (d: (typeof docs)[number]) => number) => docs.reduce((n, d) => n + f(d), 0);

    expect(sample(text, `medeval_calls_total{profile="${MODEL}",kind="generate",outcome="ok"}`)).toBe(14);
    expect(sample(text, `medeval_calls_total{profile="${MODEL}",kind="generate",outcome="rate_limited"}`)).toBe(2);
    expect(sample(text, `medeval_calls_total{profile="${JUDGE}",kind="judge",outcome="ok"}`)).toBe(14);
    expect(sample(text, `medeval_rate_limited_total{profile="${MODEL}"}`)).toBe(2);
    expect(sample(text, `medeval_rate_limited_total{profile="${JUDGE}"}`)).toBeUndefined();
    expect(h.fake.calls().total).toBe(14 + 2 + 14);

    expect(sample(text, `medeval_tokens_total{profile="${MODEL}",kind="generate",direction="input"}`)).toBe(sum(gens, (d) => d.usage!.inputTokens));
    expect(sample(text, `medeval_tokens_total{profile="${MODEL}",kind="generate",direction="output"}`)).toBe(sum(gens, (d) => d.usage!.outputTokens));
    expect(sample(text, `medeval_tokens_total{profile="${JUDGE}",kind="judge",direction="output"}`)).toBe(sum(juds, (d) => d.usage!.outputTokens));
    expect(sample(text, `medeval_cost_usd_total{profile="${MODEL}",kind="generate"}`)).toBeCloseTo(sum(gens, (d) => d.costUsd!), 12);
    expect(sample(text, `medeval_cost_usd_total{profile="${JUDGE}",kind="judge"}`)).toBeCloseTo(sum(juds, (d) => d.costUsd!), 12);
    expect(sum(gens, (d) => d.costUsd!)).toBeGreaterThan(0);

    // every attempt (the 429s too) waited at the gate once and queued once
    expect(sample(text, `medeval_rate_gate_wait_seconds_count{profile="${MODEL}"}`)).toBe(16);
    expect(sample(text, `medeval_rate_gate_wait_seconds_count{profile="${JUDGE}"}`)).toBe(14);
    expect(sample(text, `medeval_schedule_to_start_seconds_count{queue="${providerQueue(MODEL)}"}`)).toBe(16);
    expect(sample(text, `medeval_schedule_to_start_seconds_bucket{queue="${providerQueue(JUDGE)}",le="+Inf"}`)).toBe(14);

    // and the SDK's runtime metrics, from the same scrape
    expect(text).toMatch(/^# TYPE temporal_\w+ /m);
    expect(text).toMatch(/^temporal_activity_execution_latency\w*\{/m);
  });
});

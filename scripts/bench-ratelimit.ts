/**
 * Rate-limit utilisation: a campaign against a fake provider that answers in about a second and enforces a request
 * budget per API key with real 429s; the profile declares the same budget. Model and judge share one profile (one
 * key, one gate), so every call counts against the one budget and the fastest possible run takes calls ÷ rate.
 * Prints the time to the last result next to that bound, their ratio (the share of the budget used) and the 429s.
 *
 *   npx tsx scripts/bench-ratelimit.ts [--rpm 120] [--samples 6]
 *
 * The sample set (14 questions) with 6 samples is 14 × 6 × (1 answer + 3 judge rounds) = 336 calls: 2.8 minutes
 * at 120 requests a minute.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../config/settings.js';
import { startWorkers } from '../workers/run-workers.js';
import { callsOf, prepareCampaign, printTable, runCampaign, seconds, SIMULATOR_ENV, withBench } from './bench/setup.js';

const PROFILE = 'sim';
const MAX_CONCURRENCY = 8;

const { values } = parseArgs({ options: { rpm: { type: 'string', default: '120' }, samples: { type: 'string', default: '6' } } });
const rpm = Number(values.rpm);
const samples = Number(values.samples);

await withBench({ latencyMs: [900, 1100], rateLimits: { requestsPerMinute: rpm } }, async (bench) => {
  const configFile = await prepareCampaign(bench, path.join(PROJECT_ROOT, 'dataset/sample.json'), {
    models: [PROFILE],
    judges: [PROFILE],
    samples,
    rateLimits: { requestsPerMinute: rpm, maxConcurrency: MAX_CONCURRENCY },
  });
  const workers = await startWorkers({
    settings: bench.settings,
    db: bench.store.db,
    profiles: new Map([[PROFILE, { maxConcurrency: MAX_CONCURRENCY }]]),
    env: { ...process.env, ...SIMULATOR_ENV },
  });
  const running = workers.run();
  try {
    const run = await runCampaign(bench, configFile, 'ratelimit');
    const calls = callsOf(run.result);
    const n = calls.generations + calls.judgements;
    const provider = bench.fake.calls();
    const limited = provider.byOutcome.rate_limited ?? 0;
    const boundMs = (n / rpm) * 60_000;
    const utilisation = boundMs / run.callsMs;
    printTable(`Rate-limit utilisation: ${n} calls (${calls.failed} failed) at a budget of ${rpm} requests/min, ~1 s latency`, [
      ['time to the last result', `${seconds(run.callsMs)} (${seconds(run.wallMs)} with the report)`],
      ['lower bound: calls ÷ rate', seconds(boundMs)],
      ['utilisation (bound ÷ time)', `${(utilisation * 100).toFixed(1)} %`],
      ['achieved rate', `${((n / run.callsMs) * 60_000).toFixed(1)} requests/min`],
      ['requests the provider saw', String(provider.total)],
      ['429s received', String(limited)],
    ]);
    console.log(`\nSUMMARY rate limit: ${n} calls in ${seconds(run.callsMs)} vs bound ${seconds(boundMs)} at ${rpm} rpm = ${(utilisation * 100).toFixed(1)} % utilisation, ${limited} 429s`);
  } finally {
    workers.shutdown();
    await running;
    await workers.close();
  }
});

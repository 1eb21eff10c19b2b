/**
 * Rate-limit utilisation: a campaign against a fake provider that answers in about a second and enforces a request
 * budget per API key with real 429s; the profile declares the same budget. Model and judge share one profile (one
 * key, one budget), so every call counts against the one budget and the fastest possible run takes calls ÷ rate.
 * With `--workers N` the campaign runs on N `medeval worker` processes polling the same queues (one budget for all
 * of them); with 0, on workers in this process. Prints the time to the last result next to that bound, their ratio
 * (the share of the budget used), the busiest 60-second window at the provider (every call: retries, 429s) against
 * the budget, and the 429s.
 *
 *   npx tsx scripts/bench-ratelimit.ts [--rpm 120] [--samples 6] [--workers 3]
 *
 * The sample set (14 questions) with 6 samples is 14 × 6 × (1 answer + 3 judge rounds) = 336 calls: 2.8 minutes
 * at 120 requests a minute.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../config/settings.js';
import { busiestWindow, readCallLog } from '../simulator/call-stats.js';
import { startWorkers } from '../workers/run-workers.js';
import { callsOf, prepareCampaign, printTable, runCampaign, seconds, SIMULATOR_ENV, startWorkerProcess, withBench, type Bench } from './bench/setup.js';

const PROFILE = 'sim';
const MAX_CONCURRENCY = 8;

const { values } = parseArgs({ options: { rpm: { type: 'string', default: '120' }, samples: { type: 'string', default: '6' }, workers: { type: 'string', default: '3' } } });
const rpm = Number(values.rpm);
const samples = Number(values.samples);
const processes = Number(values.workers);

/** N `medeval worker` processes, or (N = 0) the workers in this process; resolves to their stop. */
async function runWorkers(bench: Bench, profilesFile: string): Promise<() => Promise<void>> {
  if (processes > 0) {
    const children = await Promise.all(Array.from({ length: processes }, () => startWorkerProcess(bench, profilesFile)));
    return async () => {
      await Promise.all(children.map((c) => new Promise((resolve) => c.once('exit', resolve).kill('SIGTERM'))));
    };
  }
  const workers = await startWorkers({ settings: bench.settings, db: bench.store.db, profiles: new Map([[PROFILE, { maxConcurrency: MAX_CONCURRENCY }]]), env: { ...process.env, ...SIMULATOR_ENV } });
  const running = workers.run();
  return async () => {
    workers.shutdown();
    await running;
    await workers.close();
  };
}

await withBench({ latencyMs: [900, 1100], rateLimits: { requestsPerMinute: rpm } }, async (bench) => {
  const callLog = path.join(bench.dir, 'calls.jsonl');
  bench.fake.configure({ callLogFile: callLog });
  const configFile = await prepareCampaign(bench, path.join(PROJECT_ROOT, 'dataset/sample.json'), {
    models: [PROFILE],
    judges: [PROFILE],
    samples,
    rateLimits: { requestsPerMinute: rpm, maxConcurrency: MAX_CONCURRENCY },
    // one profile answers and judges: one key, one budget (the self-judging check is about scores, not measured here)
    extra: { allowSelfJudging: true },
  });
  const stop = await runWorkers(bench, path.join(path.dirname(configFile), 'providers.yaml'));
  try {
    const run = await runCampaign(bench, configFile, 'ratelimit');
    const calls = callsOf(run.result);
    const n = calls.generations + calls.judgements;
    const provider = bench.fake.calls();
    const limited = provider.byOutcome.rate_limited ?? 0;
    const boundMs = (n / rpm) * 60_000;
    const utilisation = boundMs / run.callsMs;
    const busiest = busiestWindow(readCallLog(readFileSync(callLog, 'utf8')));
    const over = ((busiest.calls / rpm - 1) * 100).toFixed(1);
    const who = processes > 0 ? `${processes} worker processes` : 'in-process workers';
    printTable(`Rate-limit utilisation: ${n} calls (${calls.failed} failed) at a budget of ${rpm} requests/min, ~1 s latency, ${who}`, [
      ['time to the last result', `${seconds(run.callsMs)} (${seconds(run.wallMs)} with the report)`],
      ['lower bound: calls ÷ rate', seconds(boundMs)],
      ['utilisation (bound ÷ time)', `${(utilisation * 100).toFixed(1)} %`],
      ['achieved rate', `${((n / run.callsMs) * 60_000).toFixed(1)} requests/min`],
      ['requests the provider saw', String(provider.total)],
      ['busiest 60 s at the provider', `${busiest.calls} requests (${over} % vs the budget)`],
      ['429s received', String(limited)],
    ]);
    console.log(
      `\nSUMMARY rate limit (${who}): ${n} calls in ${seconds(run.callsMs)} vs bound ${seconds(boundMs)} at ${rpm} rpm = ${(utilisation * 100).toFixed(1)} % utilisation, busiest minute ${busiest.calls} (${over} % vs budget), ${limited} 429s`,
    );
  } finally {
    await stop();
  }
});

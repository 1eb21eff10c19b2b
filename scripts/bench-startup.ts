/**
 * Start-up and log volume: how long `medeval --help` takes, how long `medeval worker` takes from spawn to polling
 * its queues, and how many log lines a worker writes while it runs a campaign in which 20 % of the provider calls
 * fail transiently (and are retried). Each process is spawned as a user would run it.
 *
 *   npx tsx scripts/bench-startup.ts [--runs 5]
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../config/settings.js';
import { type Bench, median, prepareCampaign, printTable, runCampaign, seconds, SIMULATOR_ENV, withBench, writeSyntheticDataset } from './bench/setup.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const BIN = path.join(PROJECT_ROOT, 'bin/medeval.js');


function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'MONGODB_URI', 'MEDEVAL_DB', 'MEDEVAL_PROFILES']) delete env[name];
  return env;
}

/** Wall time of one `medeval --help`. */
function helpTime(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--help'], { stdio: 'ignore' });
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`medeval --help exited ${code}`))));
  });
}

interface WorkerRun {
  pollingMs: number;
  lines: { stdout: number; stderr: number };
  stop: () => Promise<void>;
}

/** Spawns `medeval worker`; resolves once it says it polls, and keeps counting the lines it writes. */
function startWorker(bench: Bench, profilesFile: string): Promise<WorkerRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'worker', '--profiles', profilesFile], { env: cleanEnv({ ...bench.settingsEnv, ...SIMULATOR_ENV }), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = { stdout: 0, stderr: 0 };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let seen = '';
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        lines[stream] += text.split('\n').length - 1;
        seen += text;
        if (stream === 'stdout' && seen.includes('worker polling')) {
          resolve({
            pollingMs: performance.now() - started,
            lines,
            stop: async () => {
              child.kill('SIGTERM');
              await exited;
            },
          });
        }
      });
    }
    child.once('exit', (code) => reject(new Error(`medeval worker exited with code ${code} before polling:\n${seen}`)));
  });
}

const helpTimes: number[] = [];
for (let i = 0; i < runs; i += 1) helpTimes.push(await helpTime());

await withBench({ latencyMs: [0, 5], seed: 11 }, async (bench) => {
  const datasetFile = path.join(bench.dir, 'synthetic.json');
  const { questions } = await writeSyntheticDataset(datasetFile, 2);
  const configFile = await prepareCampaign(bench, datasetFile, { models: ['sim-model-a'], judges: ['sim-judge'], extra: { orchestration: { maxAttempts: 20 } } });
  const profilesFile = path.join(path.dirname(configFile), 'providers.yaml');

  const pollingTimes: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const worker = await startWorker(bench, profilesFile);
    pollingTimes.push(worker.pollingMs);
    await worker.stop();
  }

  // 20 % of calls fail transiently (each drawn per request key and attempt), so retries get through
  bench.fake.configure({
    faults: [
      { fault: 'server_error', status: 503, rate: 0.08 },
      { fault: 'rate_limit', retryAfter: 0, rate: 0.04 },
      { fault: 'reset', rate: 0.04 },
      { fault: 'malformed_json', rate: 0.04 },
    ],
  });
  const worker = await startWorker(bench, profilesFile);
  const before = { ...worker.lines };
  const run = await runCampaign(bench, configFile, `bench-startup-${Date.now()}`);
  await worker.stop();
  const calls = bench.fake.calls();
  const faults = calls.total - (calls.byOutcome.ok ?? 0);
  const logLines = worker.lines.stdout + worker.lines.stderr - before.stdout - before.stderr;
  printTable(`Start-up (median of ${runs}) and log volume of a campaign with 20 % transient faults (${questions} questions, 3 samples × 3 judge rounds)`, [
    ['medeval --help', `${seconds(median(helpTimes))} (runs: ${helpTimes.map((t) => (t / 1000).toFixed(2)).join(', ')} s)`],
    ['medeval worker: spawn → polling', `${seconds(median(pollingTimes))} (runs: ${pollingTimes.map((t) => (t / 1000).toFixed(2)).join(', ')} s)`],
    ['campaign', `${run.result.status}, ${calls.total} provider calls of which ${faults} faults, ${seconds(run.wallMs)}`],
    ['worker log lines during the campaign', `${logLines} (stdout ${worker.lines.stdout - before.stdout}, stderr ${worker.lines.stderr - before.stderr})`],
  ]);
  console.log(`\nSUMMARY startup: help ${seconds(median(helpTimes))}, worker polling ${seconds(median(pollingTimes))}, ${logLines} log lines for ${faults} transient faults`);
});

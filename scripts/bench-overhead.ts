/**
 * Orchestration overhead: calls per second of a simulated campaign against a zero-latency fake provider, next to
 * the same number of no-op activities run with the same concurrency on the same dev server in the same run (the
 * floor Temporal itself sets). The ratio is what the campaign's own work costs: MongoDB reads and writes, the
 * rate gate, HTTP to the provider, judge prompts and parsing.
 *
 *   npx tsx scripts/bench-overhead.ts [--copies 20]
 *
 * --copies: copies of the 14-question sample in the synthetic dataset (calls = 14 × copies × 3 samples × 4).
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from '@temporalio/worker';
import { DEFAULT_MAX_CONCURRENCY } from '../ratelimit/shared-budget.js';
import { codecDataConverter } from '../codec/payload-codec.js';
import { connectWorker } from '../workers/connection.js';
import { startWorkers } from '../workers/run-workers.js';
import { callsOf, perSecond, prepareCampaign, printTable, runCampaign, seconds, SIMULATOR_ENV, withBench, writeSyntheticDataset } from './bench/setup.js';
import type { noopLoopWorkflow } from './bench/noop-workflow.js';

const NOOP_QUEUE = 'medeval-bench-noop';
const MODEL = 'sim-model';
const JUDGE = 'sim-judge';
const SAMPLES = 3;
const JUDGE_ROUNDS = 3;

const { values } = parseArgs({ options: { copies: { type: 'string', default: '20' } } });
const copies = Number(values.copies);

await withBench({ latencyMs: 0 }, async (bench) => {
  const datasetFile = path.join(bench.dir, 'synthetic.json');
  const { questions } = await writeSyntheticDataset(datasetFile, copies);
  const configFile = await prepareCampaign(bench, datasetFile, { models: [MODEL], judges: [JUDGE], samples: SAMPLES, judgeRounds: JUDGE_ROUNDS });
  const n = questions * SAMPLES * (1 + JUDGE_ROUNDS);
  // every paid call waits for its profile's gate: the campaign never has more than this many calls running
  const window = 2 * DEFAULT_MAX_CONCURRENCY;

  const workers = await startWorkers({
    settings: bench.settings,
    db: bench.store.db,
    profiles: new Map([[MODEL, { maxConcurrency: DEFAULT_MAX_CONCURRENCY }], [JUDGE, { maxConcurrency: DEFAULT_MAX_CONCURRENCY }]]),
    env: { ...process.env, ...SIMULATOR_ENV },
  });
  const noopConnection = await connectWorker(bench.settings);
  const noopWorker = await Worker.create({
    connection: noopConnection,
    namespace: bench.settings.temporalNamespace,
    taskQueue: NOOP_QUEUE,
    workflowsPath: fileURLToPath(new URL('./bench/noop-workflow.ts', import.meta.url)),
    activities: { noop: async () => undefined },
    // like the campaign's workers, so an encrypted run compares like with like
    dataConverter: codecDataConverter(),
  });
  const running = Promise.all([workers.run(), noopWorker.run()]);

  const noopLoop = async (activities: number, id: string): Promise<number> => {
    const startedAt = Date.now();
    await bench.client.workflow.execute<typeof noopLoopWorkflow>('noopLoopWorkflow', { taskQueue: NOOP_QUEUE, workflowId: id, args: [{ activities, window }] });
    return Date.now() - startedAt;
  };
  try {
    // warm up the no-op path (bundle, connections, server caches) before anything is timed
    await noopLoop(200, 'noop-warm-up');
    // the floor before and after the campaign, so a noisy neighbour during one of them shows as a spread
    const noopMs = [await noopLoop(n, 'noop-before')];
    const campaign = await runCampaign(bench, configFile, 'overhead');
    noopMs.push(await noopLoop(n, 'noop-after'));
    const calls = callsOf(campaign.result);
    if (calls.generations + calls.judgements !== n || calls.failed > 0) {
      throw new Error(`expected ${n} calls and no failures, got ${JSON.stringify(calls)}: the figures would not compare like with like`);
    }
    const noopMean = (noopMs[0]! + noopMs[1]!) / 2;
    const ratio = noopMean / campaign.callsMs;
    printTable(`Orchestration overhead: ${questions} questions × ${SAMPLES} samples, 1 model + 1 judge × ${JUDGE_ROUNDS} rounds = ${n} calls, ≤ ${window} at a time`, [
      ['campaign, zero-latency fake provider', `${seconds(campaign.callsMs)} to the last result (${seconds(campaign.wallMs)} with the report)  ${perSecond(n, campaign.callsMs)} calls/s`],
      ['no-op activity loop, before campaign', `${seconds(noopMs[0]!)}  ${perSecond(n, noopMs[0]!)} activities/s`],
      ['no-op activity loop, after campaign', `${seconds(noopMs[1]!)}  ${perSecond(n, noopMs[1]!)} activities/s`],
      ['campaign rate / no-op rate', ratio.toFixed(2)],
    ]);
    console.log(
      `\nSUMMARY overhead: campaign ${perSecond(n, campaign.callsMs)} calls/s vs no-op loop ${perSecond(n, noopMean)} activities/s = ${ratio.toFixed(2)}× the orchestration floor (${n} calls, window ${window})`,
    );
  } finally {
    workers.shutdown();
    noopWorker.shutdown();
    await running;
    await workers.close();
    await noopConnection.close();
  }
});

/**
 * Scale: a simulated campaign of more than 20,000 judgements (a synthetic dataset in the LLMEval-Med format, zero
 * provider latency) run by `medeval worker` as a child process, so its memory is the worker's alone. Prints the
 * largest workflow history (continue-as-new must keep every run to a few thousand events, well under Temporal's
 * 10,240-event warning), the worker's RSS and V8 heap over the run and its peak RSS, wall time and judgements per
 * second. The worker carries `bench/memory-probe.ts`; with `--heap-snapshots DIR` it writes heap snapshots of its main
 * thread and its workflow thread at the start, at ¼ and ½ of the campaign's progress and at the end (the snapshots
 * stall the worker for seconds each, so that run's throughput is not comparable); `bench/heap-compare.ts` compares them.
 *
 *   npx tsx scripts/bench-scale.ts [--copies 80] [--models 2] [--heap-snapshots DIR]
 *
 * judgements = 14 questions × copies × models × 3 samples × 1 judge × 3 rounds (80 copies, 2 models: 20,160).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { campaignProgress } from '../campaign/status.js';
import { memoryProbeEnv, readMemoryLines, type MemoryLine } from './bench/memory-file.js';
import { closedRuns, historiesByType, mb, procStatusKb } from './bench/processes.js';
import { callsOf, perSecond, prepareCampaign, printTable, runCampaign, seconds, startWorkerProcess, withBench, writeSyntheticDataset } from './bench/setup.js';

/** Temporal logs a warning for a history past this many events (and fails it at 51,200). */
const TEMPORAL_HISTORY_WARNING = 10_240;
const JUDGE = 'sim-judge';

const { values } = parseArgs({ options: { copies: { type: 'string', default: '80' }, models: { type: 'string', default: '2' }, 'heap-snapshots': { type: 'string' } } });
const snapshotDir = values['heap-snapshots'] ? path.resolve(values['heap-snapshots']) : undefined;
const copies = Number(values.copies);
const models = Array.from({ length: Number(values.models) }, (_, i) => `sim-model-${i + 1}`);

/** Bytes as MB, like `mb` (which takes kB). */
const mbOf = (bytes: number) => mb(bytes / 1024);

await withBench({ latencyMs: 0 }, async (bench) => {
  const datasetFile = path.join(bench.dir, 'synthetic.json');
  const { questions } = await writeSyntheticDataset(datasetFile, copies);
  const configFile = await prepareCampaign(bench, datasetFile, { models, judges: [JUDGE] });
  const memoryFile = path.join(bench.dir, 'worker-memory.jsonl');
  if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
  const worker = await startWorkerProcess(bench, path.join(path.dirname(configFile), 'providers.yaml'), memoryProbeEnv(memoryFile, snapshotDir));
  const exited = new Promise<never>((_, reject) => worker.once('exit', (code) => reject(new Error(`medeval worker exited with code ${code}`))));
  const campaignId = `bench-scale-${Date.now()}`;
  /** Asks the worker for heap snapshots and waits until they are written. */
  const snapshot = async (label: string) => {
    const n = readMemoryLines(memoryFile).filter((l) => l.snapshot).length + 1;
    writeFileSync(path.join(snapshotDir!, 'request'), '');
    for (let written: MemoryLine | undefined; !written && worker.exitCode === null; await new Promise((r) => setTimeout(r, 500))) written = readMemoryLines(memoryFile).find((l) => l.snapshot?.n === n);
    console.error(`  heap snapshots ${n} (${label}) in ${snapshotDir}`);
  };
  try {
    if (snapshotDir) await snapshot('start');
    const startedAt = Date.now();
    const running = runCampaign(bench, configFile, campaignId);
    if (snapshotDir) {
      for (const share of [25, 50]) {
        for (let at = 0; at < share && worker.exitCode === null; await new Promise((r) => setTimeout(r, 2_000))) at = await campaignProgress(bench.client, campaignId).then((p) => p.percent, () => 0);
        await snapshot(`${share} %`);
      }
    }
    const run = await Promise.race([running, exited]);
    const endedAt = Date.now();
    if (snapshotDir) await snapshot('end');
    const hwm = procStatusKb(worker.pid, 'VmHWM');
    // the probe's lines over the run, once a second: RSS against the main V8 heap tells a leak from a plateau and
    // the V8 heap from native memory (the SDK's core, the workflow thread's heap, buffers)
    const lines = readMemoryLines(memoryFile).filter((l) => !l.snapshot && l.at >= startedAt && l.at <= endedAt);
    const course = lines.filter((l) => l.thread === undefined);
    const at = (share: number) => course[Math.round(share * (course.length - 1))]!;
    const threadHeap = Math.max(0, ...lines.filter((l) => l.thread !== undefined).map((l) => l.heapTotal));
    const shares = [0, 0.25, 0.5, 0.75, 1];

    const calls = callsOf(run.result);
    const runs = await closedRuns(bench.client, campaignId);
    const maxEvents = Math.max(...runs.map((r) => r.historyLength));
    printTable(`Scale: ${questions} questions × ${models.length} models × 3 samples, 1 judge × 3 rounds, zero latency`, [
      ['judgements / generations / failed', `${calls.judgements} / ${calls.generations} / ${calls.failed}`],
      ['time to the last result', `${seconds(run.callsMs)} (${seconds(run.wallMs)} with the report)`],
      ['judgements/s (all calls/s)', `${perSecond(calls.judgements, run.callsMs)} (${perSecond(calls.judgements + calls.generations, run.callsMs)})`],
      ...historiesByType(runs).map((h): [string, string] => [`${h.type}: runs, max / mean events`, `${h.runs}, ${h.max} / ${h.mean.toFixed(0)}`]),
      ['worker RSS at start, ¼, ½, ¾, end of the run', shares.map((s) => mbOf(at(s).rss)).join(', ')],
      ['main V8 heap used / total, same times', shares.map((s) => `${mbOf(at(s).heapUsed)} / ${mbOf(at(s).heapTotal)}`).join(', ')],
      ['external (of it array buffers), end', `${mbOf(at(1).external)} (${mbOf(at(1).arrayBuffers)})`],
      ['workflow thread V8 heap total, largest', mbOf(threadHeap)],
      ['worker peak RSS (VmHWM)', mb(hwm)],
    ]);
    console.log(
      `\nSUMMARY scale: ${calls.judgements} judgements in ${seconds(run.callsMs)} (${perSecond(calls.judgements, run.callsMs)}/s), max history ${maxEvents} events per workflow run (warning at ${TEMPORAL_HISTORY_WARNING}), worker peak RSS ${mb(hwm)}`,
    );
  } finally {
    worker.kill('SIGTERM');
    await exited.catch(() => undefined);
  }
});

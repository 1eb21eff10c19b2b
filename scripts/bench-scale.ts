/**
 * Scale: a simulated campaign of more than 20,000 judgements (a synthetic dataset in the LLMEval-Med format, zero
 * provider latency) run by `medeval worker` as a child process, so its memory is the worker's alone. Prints the
 * largest workflow history (continue-as-new must keep every run to a few thousand events, well under Temporal's
 * 10,240-event warning), the worker's peak RSS, wall time and judgements per second.
 *
 *   npx tsx scripts/bench-scale.ts [--copies 80] [--models 2]
 *
 * judgements = 14 questions × copies × models × 3 samples × 1 judge × 3 rounds (80 copies, 2 models: 20,160).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { callsOf, perSecond, prepareCampaign, printTable, runCampaign, seconds, startWorkerProcess, withBench, writeSyntheticDataset, type Bench } from './bench/setup.js';

/** Temporal logs a warning for a history past this many events (and fails it at 51,200). */
const TEMPORAL_HISTORY_WARNING = 10_240;
const JUDGE = 'sim-judge';

const { values } = parseArgs({ options: { copies: { type: 'string', default: '80' }, models: { type: 'string', default: '2' } } });
const copies = Number(values.copies);
const models = Array.from({ length: Number(values.models) }, (_, i) => `sim-model-${i + 1}`);

/** kB from a /proc/<pid>/status line such as `VmRSS:   123456 kB`. */
function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]);
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** Every run of the campaign's workflows once visibility has caught up: none running and the count steady. */
async function closedRuns(bench: Bench, campaignId: string) {
  let previous = -1;
  for (;;) {
    const runs = [];
    for await (const e of bench.client.workflow.list({ query: `MedevalCampaignId = '${campaignId}'` })) runs.push(e);
    if (runs.length === previous && runs.every((r) => r.status.name !== 'RUNNING')) return runs;
    previous = runs.length;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

await withBench({ latencyMs: 0 }, async (bench) => {
  const datasetFile = path.join(bench.dir, 'synthetic.json');
  const { questions } = await writeSyntheticDataset(datasetFile, copies);
  const configFile = await prepareCampaign(bench, datasetFile, { models, judges: [JUDGE] });
  const worker = await startWorkerProcess(bench, path.join(path.dirname(configFile), 'providers.yaml'));
  const exited = new Promise<never>((_, reject) => worker.once('exit', (code) => reject(new Error(`medeval worker exited with code ${code}`))));
  const campaignId = `bench-scale-${Date.now()}`;
  try {
    // RSS once a second: its course over the run tells steady heap growth (a leak) from a plateau
    const rss = [procStatusKb(worker.pid, 'VmRSS')];
    const sampler = setInterval(() => rss.push(procStatusKb(worker.pid, 'VmRSS')), 1_000);
    const run = await Promise.race([runCampaign(bench, configFile, campaignId), exited]).finally(() => clearInterval(sampler));
    const hwm = procStatusKb(worker.pid, 'VmHWM');
    const rssAt = (share: number) => mb(rss[Math.round(share * (rss.length - 1))]!);

    const calls = callsOf(run.result);
    const runs = await closedRuns(bench, campaignId);
    const byType = new Map<string, number[]>();
    for (const r of runs) byType.set(r.type, [...(byType.get(r.type) ?? []), r.historyLength]);
    const maxEvents = Math.max(...runs.map((r) => r.historyLength));
    printTable(`Scale: ${questions} questions × ${models.length} models × 3 samples, 1 judge × 3 rounds, zero latency`, [
      ['judgements / generations / failed', `${calls.judgements} / ${calls.generations} / ${calls.failed}`],
      ['time to the last result', `${seconds(run.callsMs)} (${seconds(run.wallMs)} with the report)`],
      ['judgements/s (all calls/s)', `${perSecond(calls.judgements, run.callsMs)} (${perSecond(calls.judgements + calls.generations, run.callsMs)})`],
      ...[...byType].map(([type, lengths]): [string, string] => [`${type}: runs, max / mean events`, `${lengths.length}, ${Math.max(...lengths)} / ${(lengths.reduce((a, b) => a + b, 0) / lengths.length).toFixed(0)}`]),
      ['worker RSS at start, ¼, ½, ¾, end of the run', [0, 0.25, 0.5, 0.75, 1].map(rssAt).join(', ')],
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

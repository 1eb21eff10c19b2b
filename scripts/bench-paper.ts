/**
 * Paper scale: the public LLMEval-Med test set (667 questions) answered by 13 simulated models, 3 samples each, and
 * judged by 1 judge in 3 rounds — the paper's protocol, 26,013 generations + 78,039 judgements ≈ 104,000 calls —
 * with zero provider latency, so what is measured is medeval, Temporal and the store. One `medeval worker` child
 * process serves everything. Prints wall time, calls/s, the largest history of any workflow run, the peak RSS of
 * every process (worker, Temporal dev server, FerretDB, this process with the fake provider) and the report's
 * build time.
 *
 *   npx tsx scripts/bench-paper.ts [--dataset ../shared/llmeval-med/dataset.json] [--models 13] [--samples 3] [--rounds 3]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCampaignReport } from '../campaign/report.js';
import { runningService } from '../local-services/process.js';
import { FERRETDB, TEMPORAL } from '../local-services/services.js';
import { closedRuns, historiesByType, mb, RssSampler } from './bench/processes.js';
import { callsOf, median, perSecond, prepareCampaign, printTable, PUBLIC_SET, runCampaign, seconds, startWorkerProcess, withBench } from './bench/setup.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: PUBLIC_SET },
    models: { type: 'string', default: '13' },
    samples: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
  },
});
const dataset = path.resolve(values.dataset);
if (!existsSync(dataset)) throw new Error(`--dataset ${dataset} does not exist (the public test set belongs at ../shared/llmeval-med/dataset.json next to the checkout)`);
const models = Array.from({ length: Number(values.models) }, (_, i) => `sim-model-${String(i + 1).padStart(2, '0')}`);
const samples = Number(values.samples);
const judgeRounds = Number(values.rounds);
const JUDGE = 'sim-judge';
/** The report is built this many times after the run; the median is printed. */
const REPORT_REPS = 3;

const servicePid = (dir: string, name: string) => {
  const record = runningService(dir, name);
  if (!record) throw new Error(`the bench's ${name} is not running`);
  return record.pid;
};


await withBench({ latencyMs: 0 }, async (bench) => {
  const configFile = await prepareCampaign(bench, dataset, { models, judges: [JUDGE], samples, judgeRounds });
  const worker = await startWorkerProcess(bench, path.join(path.dirname(configFile), 'providers.yaml'));
  const exited = new Promise<never>((_, reject) => worker.once('exit', (code) => reject(new Error(`medeval worker exited with code ${code}`))));
  const campaignId = `bench-paper-${Date.now()}`;
  try {
    const rss = new RssSampler({ worker: worker.pid, temporal: servicePid(bench.dir, TEMPORAL), ferretdb: servicePid(bench.dir, FERRETDB), 'bench (fake provider, client)': process.pid });
    rss.start();
    const run = await Promise.race([runCampaign(bench, configFile, campaignId), exited]).finally(() => rss.stop());
    const calls = callsOf(run.result);
    const histories = historiesByType(await closedRuns(bench.client, campaignId));

    const reportMs: number[] = [];
    for (let i = 0; i < REPORT_REPS; i += 1) {
      const started = performance.now();
      await buildCampaignReport(bench.store.db, campaignId, { seed: 1 });
      reportMs.push(performance.now() - started);
    }
    const maxEvents = Math.max(...histories.map((h) => h.max));
    const all = calls.generations + calls.judgements;
    printTable(`Paper scale: ${models.length} models × ${samples} samples on ${path.basename(dataset)}, 1 judge × ${judgeRounds} rounds, zero latency`, [
      ['generations / judgements / failed', `${calls.generations} / ${calls.judgements} / ${calls.failed}`],
      ['time to the last result', `${seconds(run.callsMs)} (${seconds(run.wallMs)} with the campaign's report)`],
      ['calls/s (judgements/s)', `${perSecond(all, run.callsMs)} (${perSecond(calls.judgements, run.callsMs)})`],
      ...histories.map((h): [string, string] => [`${h.type}: runs, max / mean events`, `${h.runs}, ${h.max} / ${h.mean.toFixed(0)}`]),
      ...rss.names().map((name): [string, string] => [`${name} RSS start, ¼, ½, ¾, end; peak`, `${rss.course(name)}; ${mb(rss.peakKb(name))}`]),
      ['report build (median of 3)', seconds(median(reportMs))],
    ]);
    console.log(
      `\nSUMMARY paper: ${all} calls in ${seconds(run.callsMs)} (${perSecond(all, run.callsMs)}/s), max history ${maxEvents} events, peak RSS ${rss
        .names()
        .map((n) => `${n.split(' ')[0]} ${mb(rss.peakKb(n))}`)
        .join(', ')}, report ${seconds(median(reportMs))}`,
    );
  } finally {
    worker.kill('SIGTERM');
    await exited.catch(() => undefined);
  }
});

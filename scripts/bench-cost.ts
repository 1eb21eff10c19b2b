/**
 * What batch mode and prompt caching save: the sample campaign (dataset/sample.json, 14 questions; two models under
 * test through the OpenAI SDK, one judge through the Anthropic SDK, 3 samples, 3 judging rounds) run three times
 * against the fake provider — realtime without a prompt cache, batch without one, batch with the cache — priced on
 * the profiles' prices (gpt-4o-like for the models, Claude Sonnet-like for the judge, batch at half price). Prints
 * calls, tokens, cost and wall time per mode, the judges' static prompt prefix, and a SUMMARY line.
 *
 *   npx tsx scripts/bench-cost.ts [--batch-delay-ms 3000]
 *
 * --batch-delay-ms: how long the fake takes to answer a batch (realtime calls take 50–150 ms each).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml, stringify } from 'yaml';
import { importDatasetFile } from '../campaign/datasets.js';
import { PROJECT_ROOT } from '../config/settings.js';
import { estimateTokens, MIN_CACHEABLE_TOKENS } from '../lib/token-estimate.js';
import { cost, type Pricing } from '../providers/cost.js';
import { staticPrefix } from '../scoring/judge-template.js';
import { BUILTIN_TEMPLATE_DIR, loadTemplates } from '../scoring/template-loader.js';
import { costTotals, type CostRow } from '../scoring/report/cost.js';
import { writeSimulatedCampaign } from '../simulator/campaign-files.js';
import { loadCostRows } from '../store/campaign-records.js';
import { collections } from '../store/collections.js';
import { startWorkers } from '../workers/run-workers.js';
import { callsOf, printTable, runCampaign, seconds, SIMULATOR_ENV, withBench, type Bench } from './bench/setup.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';
const SAMPLES = 3;
const JUDGE_ROUNDS = 3;
const MODEL_PRICING: Pricing = { inputPerMillion: 2.5, outputPerMillion: 10, batchMultiplier: 0.5, cachedInputPerMillion: 1.25 };
const JUDGE_PRICING: Pricing = { inputPerMillion: 3, outputPerMillion: 15, batchMultiplier: 0.5, cachedInputPerMillion: 0.3, cacheWritePerMillion: 3.75 };
const MODES = [
  { name: 'realtime', batch: false, cache: false },
  { name: 'batch', batch: true, cache: false },
  { name: 'batch + caching', batch: true, cache: true },
] as const;

const { values } = parseArgs({ options: { 'batch-delay-ms': { type: 'string', default: '3000' } } });
const batchDelayMs = Number(values['batch-delay-ms']);
const usd = (x: number) => `$${x.toFixed(6)}`;

/** The demo's simulated campaign with its models on the OpenAI kind, its judge on the Anthropic kind, priced, batching or not. */
async function writeCampaign(bench: Bench, mode: (typeof MODES)[number]): Promise<string> {
  const files = await writeSimulatedCampaign({ dir: path.join(bench.dir, mode.name.replace(/\W+/g, '-')), baseUrl: bench.fake.openaiBaseUrl, dataset: 'sample', models: MODELS, judges: [JUDGE], samples: SAMPLES, judgeRounds: JUDGE_ROUNDS });
  const doc = parseYaml(await readFile(files.profilesFile, 'utf8')) as { profiles: Record<string, Record<string, unknown>> };
  const batch = mode.batch ? { batch: { enabled: true, pollSeconds: 0.5, maxRequests: 1000 } } : {};
  for (const m of MODELS) doc.profiles[m] = { ...doc.profiles[m], kind: 'openai', model: `gpt-${m}`, pricing: MODEL_PRICING, ...batch };
  doc.profiles[JUDGE] = { ...doc.profiles[JUDGE], kind: 'anthropic', baseUrl: bench.fake.url, model: 'claude-sim-judge', params: { maxTokens: 512 }, pricing: JUDGE_PRICING, ...batch };
  await writeFile(files.profilesFile, stringify(doc));
  return files.configFile;
}

/** The judges' input cost as billed: every judgement's input tokens (cached ones at the cache prices), output left out. */
async function judgeInputCost(bench: Bench, campaignId: string): Promise<number> {
  let total = 0;
  for await (const j of collections(bench.store.db).judgements.find({ campaignId, status: 'succeeded' }, { projection: { usage: 1, costMode: 1 } })) {
    if (j.usage) total += cost({ ...j.usage, outputTokens: 0 }, JUDGE_PRICING, j.costMode ?? 'realtime');
  }
  return total;
}

const sum = (rows: readonly CostRow[], field: 'calls' | 'inputTokens' | 'cachedInputTokens' | 'cacheWriteTokens' | 'outputTokens') => rows.reduce((n, r) => n + r[field], 0);

await withBench({ latencyMs: [50, 150], batches: { delayMs: batchDelayMs } }, async (bench) => {
  await importDatasetFile(bench.store.db, { file: path.join(PROJECT_ROOT, 'dataset/sample.json'), name: 'sample' });
  const workers = await startWorkers({
    settings: bench.settings,
    db: bench.store.db,
    profiles: new Map([...MODELS, JUDGE].map((p) => [p, { maxConcurrency: 8 }])),
    env: { ...process.env, ...SIMULATOR_ENV },
  });
  const running = workers.run();
  try {
    const runs = [];
    for (const mode of MODES) {
      bench.fake.configure({ promptCache: mode.cache });
      const campaignId = `cost-${mode.name.replace(/\W+/g, '-')}`;
      const run = await runCampaign(bench, await writeCampaign(bench, mode), campaignId);
      const calls = callsOf(run.result);
      if (calls.failed > 0) throw new Error(`${mode.name}: ${calls.failed} calls failed; the modes would not compare like with like`);
      runs.push({ mode, run, calls, rows: await loadCostRows(bench.store.db, campaignId), judgeInput: await judgeInputCost(bench, campaignId) });
    }
    const [realtime, batch, cached] = runs as [(typeof runs)[number], (typeof runs)[number], (typeof runs)[number]];
    for (const r of runs) {
      const total = costTotals(r.rows);
      printTable(`${r.mode.name}: ${r.calls.generations} generations + ${r.calls.judgements} judgements`, [
        ['cost', `${usd(total.costUsd)} (realtime equivalent ${usd(total.realtimeCostUsd)}, saving ${usd(total.savingUsd)})`],
        ...r.rows.map((row): [string, string] => [`  ${row.role} ${row.id} (${row.mode})`, `${row.calls} calls, ${row.inputTokens} in (${row.cachedInputTokens} cached, ${row.cacheWriteTokens} written), ${row.outputTokens} out, ${usd(row.costUsd)}`]),
        ['tokens', `${sum(r.rows, 'inputTokens')} in (${sum(r.rows, 'cachedInputTokens')} cached, ${sum(r.rows, 'cacheWriteTokens')} written), ${sum(r.rows, 'outputTokens')} out`],
        ['judge input cost', usd(r.judgeInput)],
        ['wall time', `${seconds(r.run.wallMs)} (fake: ${batchDelayMs} ms per batch, 50–150 ms per realtime call)`],
      ]);
    }
    const templates = await loadTemplates([BUILTIN_TEMPLATE_DIR]);
    const prefixes = [...templates.values()].filter((t) => t.language === 'zh' && t.mode === 'score').map((t) => [t.id, estimateTokens(staticPrefix(t) ?? '')] as const);
    printTable(`Judge prompts' static prefix (system prompt; providers cache ${MIN_CACHEABLE_TOKENS} tokens or more)`, prefixes.map(([id, n]): [string, string] => [id, `≈${n} tokens`]));

    const ratio = costTotals(batch.rows).costUsd / costTotals(realtime.rows).costUsd;
    const cachedRatio = costTotals(cached.rows).costUsd / costTotals(realtime.rows).costUsd;
    const cacheSaving = batch.judgeInput > 0 ? (batch.judgeInput - cached.judgeInput) / batch.judgeInput : 0;
    const duplicates = Object.values(bench.fake.billed()).filter((n) => n > 1).length;
    printTable('Batch and caching against realtime', [
      ['batch / realtime cost', ratio.toFixed(4)],
      ['batch + caching / realtime cost', cachedRatio.toFixed(4)],
      ['judge input cost saved by caching (batch)', `${(100 * cacheSaving).toFixed(1)} % (${usd(batch.judgeInput)} → ${usd(cached.judgeInput)})`],
      ['request keys billed twice (all runs)', String(duplicates)],
    ]);
    console.log(`\nSUMMARY batch_cost_ratio=${ratio.toFixed(4)} cache_input_saving=${cacheSaving.toFixed(4)} duplicates=${duplicates}`);
  } finally {
    workers.shutdown();
    await running;
    await workers.close();
  }
});

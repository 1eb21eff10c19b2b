/**
 * A campaign report at paper scale: a simulated campaign of about 100,000 judgements (the public set's 667
 * questions, or the bundled sample copied, × 13 models × 3 samples × 4 judge rounds by default) stored as the call
 * steps store their results (inserted in batches: the write path itself is bench-explorer's subject), its report
 * pages folded, then the report built from the pages (the median of --reps builds), the full recompute of every
 * page from the stored results, one page folded by `_id` as a model run folds it, and the report built from scans
 * of the raw collections as before the pages, side by side, with a SUMMARY line. Starts its own FerretDB (and
 * Temporal) in a temp dir.
 *
 *   npx tsx scripts/bench-report.ts [--dataset FILE] [--models 13] [--samples 3] [--rounds 4] [--reps 3] [--skip-scans]
 */
import { parseArgs } from 'node:util';
import { buildCampaignReport, type CampaignReport, type ReportSource } from '../campaign/report.js';
import { loadCampaign } from '../campaign/context.js';
import { foldCampaignReportPage, pagedReportInputs, recomputeReportPages } from '../campaign/report-pages.js';
import { mulberry32 } from '../scoring/prng.js';
import type { GenerationDoc, JudgementDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { benchCampaign, benchResults } from './bench/results.js';
import { median, printTable, seconds, withBench } from './bench/setup.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    models: { type: 'string', default: '13' },
    samples: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '4' },
    reps: { type: 'string', default: '3' },
    // the scans take minutes at this scale: leave them out when measuring the pages again
    'skip-scans': { type: 'boolean', default: false },
  },
});
const MODELS = Array.from({ length: Number(values.models) }, (_, i) => `sim-model-${String(i + 1).padStart(2, '0')}`);
const SAMPLES = Number(values.samples);
const ROUNDS = Number(values.rounds);
const REPS = Number(values.reps);
const CAMPAIGN = 'bench-report';
const BATCH = 500;
const GOAL_MS = 5_000;

async function timed<T>(task: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await task();
  return { value, ms: performance.now() - started };
}

await withBench({}, async (bench) => {
  const db = bench.store.db;
  const { campaign, questions } = await benchCampaign(bench, { campaignId: CAMPAIGN, dataset: values.dataset, models: MODELS, judge: 'sim-judge', samples: SAMPLES, rounds: ROUNDS });
  const random = mulberry32(20261207);
  const answers = MODELS.flatMap((model) => questions.flatMap((q) => Array.from({ length: SAMPLES }, (_, sample) => ({ model, q, sample }))));
  console.error(`storing ${MODELS.length} models × ${questions.length} questions × ${SAMPLES} samples × ${ROUNDS} rounds …`);
  const stored = await timed(async () => {
    const generations: GenerationDoc[] = [];
    let judgements: JudgementDoc[] = [];
    const flush = async (force: boolean) => {
      if (generations.length >= BATCH || (force && generations.length > 0)) await collections(db).generations.insertMany(generations.splice(0));
      if (judgements.length >= BATCH || (force && judgements.length > 0)) await collections(db).judgements.insertMany(judgements.splice(0));
    };
    for (const [i, answer] of answers.entries()) {
      const r = benchResults(campaign, { ...answer, i }, random);
      generations.push(r.generation);
      judgements = judgements.concat(r.judgements);
      await flush(false);
    }
    await flush(true);
    return answers.length * ROUNDS;
  });
  const judgementCount = stored.value;

  console.error('folding every page (full recompute) …');
  const recompute = await timed(() => recomputeReportPages(db, CAMPAIGN));
  const folds: number[] = [];
  for (let page = 0; page < Math.min(3, recompute.value.pages); page += 1) folds.push((await timed(() => foldCampaignReportPage(db, { campaignId: CAMPAIGN, modelId: MODELS[0]!, page }))).ms);

  const build = (from: ReportSource) => timed(() => buildCampaignReport(db, CAMPAIGN, {}, undefined, from));
  console.error('building the report from pages …');
  const paged: { value: CampaignReport; ms: number }[] = [];
  for (let r = 0; r < REPS; r += 1) paged.push(await build('pages'));
  const scanned = values['skip-scans'] ? undefined : (console.error('building the report from scans of the raw collections …'), await build('scans'));
  const doc = await loadCampaign(db, CAMPAIGN);
  const reads: number[] = [];
  for (let r = 0; r < REPS; r += 1) reads.push((await timed(() => pagedReportInputs(db, doc))).ms);
  const same = scanned ? Object.keys(scanned.value.files).every((name) => paged[0]!.value.files[name] === scanned.value.files[name]) : undefined;
  const pagedMs = median(paged.map((p) => p.ms));

  printTable(`Report over ${judgementCount.toLocaleString('en')} judgements + ${answers.length.toLocaleString('en')} answers (${MODELS.length} models × ${questions.length} questions × ${SAMPLES} samples × ${ROUNDS} rounds; ${recompute.value.pages} pages)`, [
    ['stored (insertMany, as the call steps write them)', seconds(stored.ms)],
    [`report from pages (median of ${REPS})`, `${seconds(pagedMs)} (runs ${paged.map((p) => seconds(p.ms)).join(', ')}; ${paged.at(-1)!.value.pages?.refolded ?? 0} pages refolded)`],
    [`  of which reading the pages and the plan (median of ${REPS})`, seconds(median(reads))],
    ['full recompute (every page from one pass over the results)', seconds(recompute.ms)],
    ['one page folded by _id (as a model run does)', `median ${seconds(median(folds))} of ${folds.length}`],
    ['report from scans of the raw collections (before pages)', scanned ? seconds(scanned.ms) : 'skipped'],
    ['pages and scans give the same report files', same === undefined ? 'not compared' : same ? 'yes' : 'NO'],
  ]);
  console.log(
    `\nSUMMARY judgements=${judgementCount} questions=${questions.length} models=${MODELS.length} pages=${recompute.value.pages} report_from_pages_s=${(pagedMs / 1000).toFixed(2)} reading_pages_s=${(median(reads) / 1000).toFixed(2)} full_recompute_s=${(recompute.ms / 1000).toFixed(1)} page_fold_s=${(median(folds) / 1000).toFixed(2)} report_from_scans_s=${scanned ? (scanned.ms / 1000).toFixed(1) : 'skipped'} same_report=${same === undefined ? 'skipped' : same ? 'yes' : 'no'} goal_report_under_5s=${pagedMs < GOAL_MS ? 'yes' : 'no'}`,
  );
  if (same === false) process.exitCode = 1;
});

/**
 * The campaign explorer at scale: a simulated campaign of more than 50,000 judgements (the public set's 667
 * questions, or the bundled sample copied, × 13 models × 3 samples × 2 judge rounds by default) stored through the
 * write path results take (`storeGeneration`, `storeJudgement`: the result by its key, then its facts and this
 * process's write counter), then every explorer page and API call timed over HTTP on the app `medeval serve` runs.
 * Prints the write path's overhead, the summary's first build, each request's median and max over the
 * repetitions, the full rebuild, and a SUMMARY line. Starts its own FerretDB (and Temporal) in a temp dir.
 *
 *   npx tsx scripts/bench-explorer.ts [--dataset ../shared/llmeval-med/dataset.json] [--models 13] [--samples 3] [--rounds 2] [--reps 7]
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { Db } from 'mongodb';
import { rebuildExplorer } from '../campaign/explorer-summary.js';
import { storeGeneration } from '../campaign/generate.js';
import { storeJudgement } from '../campaign/judge.js';
import { generationKey, judgementKey } from '../campaign/keys.js';
import { inviteTeamMember } from '../campaign/team-access.js';
import type { Question } from '../dataset/schema.js';
import { TEAM_COOKIE } from '../review/explorer-routes.js';
import { reviewServer } from '../review/server.js';
import { mulberry32 } from '../scoring/prng.js';
import { forEachBounded } from '../lib/bounded.js';
import type { JudgementDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { benchCampaign, benchResults, type BenchCampaign } from './bench/results.js';
import { median, printTable, seconds, withBench } from './bench/setup.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    models: { type: 'string', default: '13' },
    samples: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    reps: { type: 'string', default: '7' },
    concurrency: { type: 'string', default: '16' },
  },
});
const MODELS = Array.from({ length: Number(values.models) }, (_, i) => `sim-model-${String(i + 1).padStart(2, '0')}`);
const SAMPLES = Number(values.samples);
const ROUNDS = Number(values.rounds);
const REPS = Number(values.reps);
const CONCURRENCY = Number(values.concurrency);
const JUDGE = 'sim-judge';
const CAMPAIGN = 'bench-explorer';

const ms = (x: number) => `${x.toFixed(0)} ms`;

/** Runs `task` for 0 … count − 1, CONCURRENCY at a time, as the workers' activities store results side by side. */
const inParallel = (count: number, task: (i: number) => Promise<void>) => forEachBounded(Array.from({ length: count }, (_, i) => i), CONCURRENCY, task);

interface Filled {
  generations: number;
  judgements: number;
  ms: number;
}

/** Every answer and verdict of the campaign, stored through the call steps' write path. */
async function fill(db: Db, questions: readonly Question[], campaign: BenchCampaign): Promise<Filled> {
  const random = mulberry32(20261207);
  const answers = MODELS.flatMap((model) => questions.flatMap((q) => Array.from({ length: SAMPLES }, (_, sample) => ({ model, q, sample }))));
  const started = Date.now();
  await inParallel(answers.length, async (i) => {
    const { generation, judgements } = benchResults(campaign, { ...answers[i]!, i }, random);
    await storeGeneration(db, generation);
    await Promise.all(judgements.map((j) => storeJudgement(db, j)));
  });
  return { generations: answers.length, judgements: answers.length * ROUNDS, ms: Date.now() - started };
}

/** What the read models add to storing a result: the same upserts with and without them, side by side. */
async function writeOverhead(db: Db, sample: readonly JudgementDoc[]): Promise<{ rawMs: number; withFactsMs: number }> {
  const scratch = db.collection<JudgementDoc>('bench_raw_judgements');
  const rawStart = Date.now();
  await inParallel(sample.length, async (i) => {
    const { _id, ...fields } = sample[i]!;
    await scratch.updateOne({ _id }, { $set: fields, $unset: { error: '' } }, { upsert: true });
  });
  const rawMs = Date.now() - rawStart;
  const factsStart = Date.now();
  await inParallel(sample.length, async (i) => storeJudgement(db, sample[i]!));
  return { rawMs, withFactsMs: Date.now() - factsStart };
}

await withBench({}, async (bench) => {
  const db = bench.store.db;
  const { campaign, questions } = await benchCampaign(bench, { campaignId: CAMPAIGN, dataset: values.dataset, models: MODELS, judge: JUDGE, samples: SAMPLES, rounds: ROUNDS });
  const templates = campaign.templates;
  console.error(`storing ${MODELS.length} models × ${questions.length} questions × ${SAMPLES} samples × ${ROUNDS} rounds …`);
  const filled = await fill(db, questions, campaign);
  const sample = (await collections(db).judgements.find({ campaignId: CAMPAIGN }).limit(2_000).toArray()).map((j) => ({ ...j, _id: `${j._id}/overhead`, campaignId: 'bench-overhead' }));
  const overhead = await writeOverhead(db, sample);

  const app = await reviewServer({ db, publicUrl: 'http://127.0.0.1:1' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const team = await inviteTeamMember(db, { name: 'bench', publicUrl: base });
    const signIn = await fetch(`${base}/api/explorer/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: new URL(team.url).searchParams.get('token') }) });
    const cookie = new RegExp(`${TEAM_COOKIE}=([^;]+)`).exec(signIn.headers.get('set-cookie') ?? '')![1]!;
    const get = async (route: string, api: boolean) => {
      const started = performance.now();
      const res = await fetch(`${base}${route}`, { headers: api ? { authorization: `Bearer ${team.apiToken}` } : { cookie: `${TEAM_COOKIE}=${cookie}` } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${route}: ${res.status} ${body.slice(0, 200)}`);
      return { ms: performance.now() - started, bytes: body.length };
    };

    const first = await get(`/api/explorer/campaigns/${CAMPAIGN}`, true);
    const question = questions.find((q) => q.round > 1) ?? questions[0]!;
    const c = `/explore/c/${CAMPAIGN}`;
    const a = `/api/explorer/campaigns/${CAMPAIGN}`;
    const rawKey = encodeURIComponent(judgementKey(CAMPAIGN, generationKey(CAMPAIGN, MODELS[0]!, question.id, 0), JUDGE, templates.get(question.category)!.version, 0));
    const routes: [string, string, boolean][] = [
      ['page: campaigns', '/explore', false],
      ['page: campaign (leaderboard, charts)', c, false],
      ['page: questions, one category', `${c}/questions?category=MLU`, false],
      ['page: questions, all', `${c}/questions`, false],
      ['page: questions, filtered', `${c}/questions?model=${MODELS[0]}&disagreement=rounds&band=near`, false],
      ['page: questions, search', `${c}/questions?q=${encodeURIComponent(question.problem.slice(2, 8))}`, false],
      ['page: question', `${c}/q/${question.id}`, false],
      ['page: raw judge text', `${c}/raw/${rawKey}`, false],
      ['api: campaigns', '/api/explorer/campaigns', true],
      ['api: campaign', a, true],
      ['api: questions, one category', `${a}/questions?category=MLU`, true],
      ['api: questions, filtered', `${a}/questions?disagreement=any&failed=0&invalid=1`, true],
      ['api: question', `${a}/questions/${question.id}`, true],
      ['api: raw judge text', `${a}/raw/${rawKey}`, true],
    ];
    const rows: [string, string][] = [];
    let worstPage = 0;
    let campaignPageMedian = 0;
    for (const [label, route, api] of routes) {
      const times: number[] = [];
      let bytes = 0;
      for (let r = 0; r < REPS; r++) ({ bytes } = await get(route, api).then((x) => (times.push(x.ms), x)));
      worstPage = Math.max(worstPage, Math.max(...times));
      if (label === 'page: campaign (leaderboard, charts)') campaignPageMedian = median(times);
      rows.push([label, `median ${ms(median(times))}, max ${ms(Math.max(...times))} (${(bytes / 1024).toFixed(0)} KB)`]);
    }
    const perWrite = (x: number) => `${((x / sample.length) * CONCURRENCY).toFixed(2)} ms per result (${CONCURRENCY} at a time)`;

    printTable(`Explorer on ${filled.judgements.toLocaleString('en')} judgements + ${filled.generations.toLocaleString('en')} answers (${MODELS.length} models × ${questions.length} questions × ${SAMPLES} samples × ${ROUNDS} rounds), ${REPS} requests each`, [
      ['stored (write path, read models included)', `${seconds(filled.ms)}, ${((filled.judgements + filled.generations) / (filled.ms / 1000)).toFixed(0)} results/s`],
      ['write path: result upsert alone', perWrite(overhead.rawMs)],
      ['write path: + facts upsert + counter', `${perWrite(overhead.withFactsMs)} = ${(overhead.withFactsMs / overhead.rawMs).toFixed(2)}×`],
      ['summary: first build (in the request)', `${ms(first.ms)}`],
      ...rows,
    ]);
    const rebuildStart = Date.now();
    const rebuilt = await rebuildExplorer(db, CAMPAIGN);
    const rebuildMs = Date.now() - rebuildStart;
    printTable('Full rebuild', [['facts from the raw collections + summary', `${seconds(rebuildMs)} (${rebuilt.facts.toLocaleString('en')} facts; summary build ${ms(rebuilt.summary.buildMs)})`]]);
    console.log(
      `\nSUMMARY judgements=${filled.judgements} questions=${questions.length} models=${MODELS.length} campaign_page_median_ms=${campaignPageMedian.toFixed(0)} worst_request_ms=${worstPage.toFixed(0)} first_summary_ms=${first.ms.toFixed(0)} rebuild_s=${(rebuildMs / 1000).toFixed(1)} write_overhead=${(overhead.withFactsMs / overhead.rawMs).toFixed(2)}x goal_campaign_page_under_1s=${campaignPageMedian < 1000 ? 'yes' : 'no'}`,
    );
  } finally {
    await app.close();
  }
});
// the services are stopped by now; what still holds the event loop (the HTTP client's idle sockets, the Temporal
// runtime's threads) has nothing left to do
process.exit(0);

/**
 * What the benchmarks share: their own Temporal dev server and FerretDB on free ports in a temp dir (so they never
 * touch `medeval dev up`'s services or another engineer's), a fake provider, synthetic datasets in the LLMEval-Med
 * format, running a campaign to completion, and printing a table. Everything started here is stopped by pid and
 * the temp dir removed, also on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { resolveCampaignConfig, startCampaign } from '../../campaign/start.js';
import { campaignProgress } from '../../campaign/status.js';
import { connectClient } from '../../campaign/temporal.js';
import { writeSimulatedCampaign, type SimulatedCampaignOptions } from '../../simulator/campaign-files.js';
import { loadSettings, PROJECT_ROOT, type Settings } from '../../config/settings.js';
import { serializeSeedFile } from '../../dataset/export-format.js';
import { readSeedJson } from '../../dataset/read-json.js';
import type { SeedFile } from '../../dataset/schema.js';
import { importDatasetFile } from '../../campaign/datasets.js';
import { collections } from '../../store/collections.js';
import { openStore, type Store } from '../../store/mongo.js';
import { Simulator } from '../../simulator/server.js';
import type { SimulatorConfig } from '../../simulator/config.js';
import { installRuntime, shutdownRuntime } from '../../workers/logging.js';
import type { CampaignResult } from '../../workflows/campaign.js';
import { freePort } from '../../local-services/ports.js';
import { startService, stopService } from '../../local-services/process.js';
import { FERRETDB, ferretdbSpec, TEMPORAL, temporalSpec } from '../../local-services/services.js';

/** The public LLMEval-Med test set next to the checkout (never committed: it has no licence file). */
export const PUBLIC_SET = path.resolve(PROJECT_ROOT, '../shared/llmeval-med/dataset.json');

/** The API key the simulated profiles read (from MEDEVAL_SIMULATOR_KEY); the fake provider accepts any. */
export const SIMULATOR_ENV = { MEDEVAL_SIMULATOR_KEY: 'bench-key' };

export interface Bench {
  dir: string;
  settings: Settings;
  /** the variables that make `loadSettings` find these services, for a child process such as `medeval worker` */
  settingsEnv: Record<string, string>;
  store: Store;
  client: Client;
  fake: Simulator;
}

/**
 * Runs `body` against fresh services and a fake provider, then stops them whatever happens. Services are started
 * detached (they outlive a crashed parent), so a signal stops them too before the process exits.
 */
export async function withBench<T>(fakeConfig: SimulatorConfig, body: (bench: Bench) => Promise<T>): Promise<T> {
  installRuntime();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medeval-bench-'));
  const settingsEnv = {
    MEDEVAL_HOME: dir,
    MEDEVAL_TEMPORAL_PORT: String(await freePort()),
    MEDEVAL_TEMPORAL_UI_PORT: String(await freePort()),
    MEDEVAL_MONGO_PORT: String(await freePort()),
  };
  const settings = loadSettings(settingsEnv);
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await Promise.all([stopService(dir, TEMPORAL), stopService(dir, FERRETDB)]);
      rmSync(dir, { recursive: true, force: true });
    })());
  const onSignal = (signal: NodeJS.Signals) => void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const fake = new Simulator(fakeConfig);
  let store: Store | undefined;
  let client: Client | undefined;
  try {
    await Promise.all([startService(temporalSpec(settings), dir), startService(ferretdbSpec(settings), dir), fake.start()]);
    store = await openStore(settings);
    client = await connectClient(settings);
    return await body({ dir, settings, settingsEnv, store, client, fake });
  } finally {
    await client?.connection.close();
    await store?.close();
    await fake.stop();
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await shutdownRuntime();
  }
}

/**
 * A dataset in the LLMEval-Med format made of `copies` copies of the repository's own sample (never the public test
 * set), each conversation under a new groupCode and with a numbered question, so every question and answer differs.
 */
export async function writeSyntheticDataset(file: string, copies: number): Promise<{ questions: number }> {
  const sample = (await readSeedJson(path.join(PROJECT_ROOT, 'dataset/sample.json'))) as SeedFile;
  const out: SeedFile = {};
  let questions = 0;
  for (const [category, items] of Object.entries(sample)) {
    out[category] = [];
    for (let copy = 0; copy < copies; copy += 1) {
      for (const item of items) {
        out[category].push({ ...item, groupCode: `${item.groupCode}-${copy}`, problem: `（${copy}）${item.problem}` });
        questions += 1;
      }
    }
  }
  await writeFile(file, serializeSeedFile(out));
  return { questions };
}

/** `medeval worker` on this bench's services, resolved once it polls its queues; `extraEnv` adds to its environment. */
export async function startWorkerProcess(bench: Bench, profilesFile: string, extraEnv: Record<string, string> = {}): Promise<ChildProcess & { pid: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...bench.settingsEnv, ...SIMULATOR_ENV, ...extraEnv };
  // anything pointing elsewhere would send the worker to another server
  for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'MONGODB_URI', 'MEDEVAL_DB', 'MEDEVAL_PROFILES']) delete env[name];
  // through the image's entrypoint, as deployed: its memory settings are part of what is measured
  const child = spawn(path.join(PROJECT_ROOT, 'ops/entrypoint.sh'), ['worker', '--profiles', profilesFile], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('worker polling')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`medeval worker exited with code ${code} before polling:\n${out}`)));
  });
  return child as ChildProcess & { pid: number };
}

/** Imports the dataset file and writes a simulated campaign on it; returns the config file. */
export async function prepareCampaign(bench: Bench, datasetFile: string, campaign: Omit<SimulatedCampaignOptions, 'dir' | 'baseUrl' | 'dataset'>): Promise<string> {
  await importDatasetFile(bench.store.db, { file: datasetFile, name: 'bench' });
  const { configFile } = await writeSimulatedCampaign({ dir: path.join(bench.dir, 'campaign'), baseUrl: bench.fake.openaiBaseUrl, dataset: 'bench', ...campaign });
  return configFile;
}

/**
 * Starts the campaign and waits for it, with a progress line on stderr every 30 s. `wallMs` runs from the start
 * request to the result (report included); `callsMs` to the last result stored, the part the paid calls take.
 */
export async function runCampaign(bench: Bench, configFile: string, campaignId: string): Promise<{ result: CampaignResult; wallMs: number; callsMs: number }> {
  const resolved = await resolveCampaignConfig(configFile);
  const startedAt = Date.now();
  await startCampaign({ db: bench.store.db, client: bench.client, settings: bench.settings, resolved, campaignId });
  const ticker = setInterval(() => {
    campaignProgress(bench.client, campaignId).then(
      (p) => console.error(`  … ${seconds(Date.now() - startedAt)}: ${p.percent.toFixed(1)} %`),
      () => undefined,
    );
  }, 30_000);
  try {
    const result: CampaignResult = await bench.client.workflow.getHandle(campaignId).result();
    const wallMs = Date.now() - startedAt;
    const { generations, judgements } = collections(bench.store.db);
    const last = await Promise.all(
      [generations, judgements].map((c) => c.find({ campaignId }, { projection: { updatedAt: 1 } }).sort({ updatedAt: -1 }).limit(1).next()),
    );
    const lastAt = Math.max(...last.map((d) => d?.updatedAt.getTime() ?? startedAt));
    return { result, wallMs, callsMs: lastAt - startedAt };
  } finally {
    clearInterval(ticker);
  }
}

/** Paid calls a campaign made: generations plus judgements, summed over its models. */
export function callsOf(result: CampaignResult): { generations: number; judgements: number; failed: number } {
  const sum = (pick: (m: CampaignResult['models'][number]) => number) => result.models.reduce((n, m) => n + pick(m), 0);
  return {
    generations: sum((m) => m.generations.done),
    judgements: sum((m) => m.judgements.done),
    failed: sum((m) => m.generations.failed + m.judgements.failed),
  };
}

export function printTable(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

export const perSecond = (n: number, ms: number) => (n / (ms / 1000)).toFixed(1);
/** The middle value (the upper one of an even count): timings' typical run, unmoved by one slow outlier. */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

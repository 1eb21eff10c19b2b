import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSON5 from 'json5';
import { afterAll, describe, expect, it } from 'vitest';
import { liveLimits } from '../../campaign/active-campaigns.js';
import { PROJECT_ROOT } from '../../config/settings.js';
import { freePort } from '../../local-services/ports.js';
import { collections } from '../../store/collections.js';
import { planned, sampleQuestions, waitFor } from '../support/campaign-checks.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { harnessEnv, runMedeval } from '../support/cli-run.js';

const MODEL = 'sim-model-a';
const JUDGE = 'sim-judge';
const FILTERS = { filters: { categories: ['MK'] } };

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5] }, [MODEL, 'sim-model-b', JUDGE], (harness) => (h = harness));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'medeval-cli-it-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `medeval ARGS` as a user runs it, on the test's servers and database. */
const medeval = (args: string[], env: Record<string, string> = {}) => runMedeval(args, { ...harnessEnv(h, path.join(scratch, 'home')), ...env });

async function ok(args: string[], env?: Record<string, string>): Promise<string> {
  const run = await medeval(args, env);
  expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: run.stderr });
  return run.stdout;
}

/** Fails with the option's own message, never reaching the store. */
async function refused(args: string[], message: string | RegExp): Promise<void> {
  const run = await medeval(args);
  expect(run.code).not.toBe(0);
  expect(run.stderr).toMatch(message);
}

const status = async (id: string) => JSON.parse(await ok(['campaign', 'status', id, '--json'])) as { status: string; percent: number; models: { modelId: string }[] };

describe('the medeval command, spawned', () => {
  it('dataset import and export --version round-trip a file; a bad --version is refused as an option error', async () => {
    const out = await ok(['dataset', 'import', 'dataset/sample.json', '--name', 'cli-sample']);
    expect(out).toContain('cli-sample version 1: imported');
    const file = path.join(scratch, 'exported.json');
    await ok(['dataset', 'export', '--name', 'cli-sample', '--version', '1', file]);
    const questions = (data: Record<string, { problem: string; groupCode: unknown; round: unknown }[]>) =>
      Object.entries(data).flatMap(([category, items]) => items.map((i) => `${category}|${String(i.groupCode)}|${String(i.round)}|${i.problem}`)).sort();
    // NaN cells (absent checklists) are kept as written, so read both as JSON5 does
    expect(questions(JSON5.parse(readFileSync(file, 'utf8')))).toEqual(questions(JSON5.parse(readFileSync(path.join(PROJECT_ROOT, 'dataset/sample.json'), 'utf8'))));
    for (const bad of ['abc', '0', '1.5', '-2']) await refused(['dataset', 'export', '--name', 'cli-sample', '--version', bad, path.join(scratch, 'x.json')], /--version/);
    await refused(['dataset', 'export', '--name', 'cli-sample', '--version', '7', path.join(scratch, 'x.json')], /version 7/);
    expect(await collections(h.db).datasets.countDocuments({ name: 'cli-sample' })).toBe(1);
  });

  it('campaign start, status --json, list, limits, pause, resume, extend, export and report --campaign in every format', async () => {
    const questions = (await sampleQuestions(h.db)).filter((q) => q.category === 'MK').length;
    const small = await h.writeConfig({ sub: 'cli-small', models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: FILTERS });
    // slow calls keep the campaign running while it is paused and resumed
    h.fake.configure({ latencyMs: [2_000, 2_500] });
    const started = await ok(['campaign', 'start', '--config', small.configFile, '--id', 'cli-a']);
    expect(started).toContain('campaign cli-a started');
    expect(started).toContain('/namespaces/default/workflows/cli-a');
    await ok(['campaign', 'pause', 'cli-a']);
    await waitFor('paused', async () => (await status('cli-a')).status === 'paused', 20_000);
    expect(await ok(['campaign', 'list'])).toMatch(/cli-a/);

    for (const bad of ['abc', '-3', '0', '2.5']) await refused(['campaign', 'limits', MODEL, '--rpm', bad], /--rpm/);
    expect(await ok(['campaign', 'limits', MODEL, '--rpm', '600', '--concurrency', '4'])).toContain('"requestsPerMinute":600');
    const stored = await collections(h.db).providerLimits.findOne({ _id: MODEL });
    expect([stored?.requestsPerMinute, stored?.maxConcurrency]).toEqual([600, 4]);
    // clearing one live value keeps the others; clearing all leaves the profile's and the campaign's own
    expect(await ok(['campaign', 'limits', MODEL, '--clear', 'rpm'])).toContain(`${MODEL}: live limits {"maxConcurrency":4}`);
    const cleared = await collections(h.db).providerLimits.findOne({ _id: MODEL });
    expect([cleared?.requestsPerMinute, cleared?.maxConcurrency]).toEqual([undefined, 4]);
    await refused(['campaign', 'limits', MODEL, '--rpm', '5', '--clear', 'rpm'], /requestsPerMinute: both set and cleared/);
    await refused(['campaign', 'limits', MODEL, '--clear', 'rate'], /--clear/);
    expect(await ok(['campaign', 'limits', MODEL, '--clear', 'all'])).toContain(`${MODEL}: live limits {} (none:`);
    expect(liveLimits(await collections(h.db).providerLimits.findOne({ _id: MODEL }))).toEqual({});

    await ok(['campaign', 'resume', 'cli-a']);
    await waitFor('running again', async () => (await status('cli-a')).status === 'running', 20_000);
    h.fake.configure({ latencyMs: [0, 5] });
    expect((await h.result('cli-a')).status).toBe('completed');

    const grown = await h.writeConfig({ sub: 'cli-grown', models: [MODEL], judges: [JUDGE], samples: 2, judgeRounds: 1, extra: FILTERS });
    expect(await ok(['campaign', 'extend', 'cli-a', '--config', grown.configFile])).toContain('cli-a');
    expect((await h.result('cli-a')).status).toBe('completed');
    const done = await status('cli-a');
    expect([done.status, done.percent]).toEqual(['completed', 100]);

    const plan = planned({ questions, models: 1, samples: 2, judges: 1, judgeRounds: 1 });
    const seedDir = path.join(scratch, 'seed');
    await ok(['campaign', 'export', 'cli-a', '--format', 'seed', '--out', seedDir]);
    expect(readdirSync(path.join(seedDir, MODEL)).filter((f) => f.endsWith('.json')).sort()).toEqual([`s0-${JUDGE}-r0.json`, `s1-${JUDGE}-r0.json`]);
    const jsonl = path.join(scratch, 'judgements.jsonl');
    await ok(['campaign', 'export', 'cli-a', '--format', 'jsonl', '--out', jsonl]);
    expect(readFileSync(jsonl, 'utf8').trim().split('\n')).toHaveLength(plan.judgements);
    await refused(['campaign', 'export', 'no-such-campaign', '--out', path.join(scratch, 'none')], /no-such-campaign/);

    const report = JSON.parse(await ok(['report', '--campaign', 'cli-a', '--format', 'json'])) as { models: { model: string; overall: { questions: number } }[] };
    expect(report.models.map((m) => [m.model, m.overall.questions])).toEqual([[MODEL, questions]]);
    expect(await ok(['report', '--campaign', 'cli-a', '--format', 'md'])).toMatch(new RegExp(`\\| ${MODEL} \\|`));
    expect((await ok(['report', '--campaign', 'cli-a', '--format', 'csv'])).split('\n')[0]).toContain(',');
    expect(await ok(['report', '--campaign', 'cli-a', '--format', 'html'])).toContain('<html');
    const reportDir = path.join(scratch, 'report');
    await ok(['report', '--campaign', 'cli-a', '--out', reportDir]);
    expect(readdirSync(reportDir).sort()).toEqual(['report.csv', 'report.html', 'report.json', 'report.md', 'report.scores.svg', 'report.usability.svg']);
    await refused(['report', '--campaign', 'cli-a', '--format', 'pdf'], /pdf/);
    await refused(['report', '--campaign', 'cli-a', '--resamples', 'x'], /--resamples/);
  });

  it('campaign cancel stops a running campaign; status says cancelled', async () => {
    const config = await h.writeConfig({ sub: 'cli-cancel', models: ['sim-model-b'], judges: [JUDGE], samples: 2, judgeRounds: 1, extra: FILTERS });
    h.fake.configure({ latencyMs: [2_000, 2_500] });
    await ok(['campaign', 'start', '--config', config.configFile, '--id', 'cli-b']);
    await ok(['campaign', 'cancel', 'cli-b']);
    h.fake.configure({ latencyMs: [0, 5] });
    expect((await h.result('cli-b')).status).toBe('cancelled');
    expect((await status('cli-b')).status).toBe('cancelled');
    await refused(['campaign', 'pause', 'cli-b'], /not running/);
  });

  it('dev up, status and down manage their own services in their own home', async () => {
    const ports = new Set<number>();
    while (ports.size < 3) ports.add(await freePort());
    const [temporal, ui, mongo] = [...ports].map(String);
    const env = { MEDEVAL_HOME: path.join(scratch, 'dev-home'), MEDEVAL_TEMPORAL_PORT: temporal!, MEDEVAL_TEMPORAL_UI_PORT: ui!, MEDEVAL_MONGO_PORT: mongo!, TEMPORAL_ADDRESS: '', MONGODB_URI: '' };
    try {
      const up = await ok(['dev', 'up'], env);
      expect(up).toContain(`127.0.0.1:${temporal}`);
      expect(up).toContain(`127.0.0.1:${mongo}`);
      const listed = JSON.parse(await ok(['dev', 'status', '--json'], env)) as { settings: { temporal: string; mongo: string }; services: Record<string, { pid: number } | null> };
      expect(listed.settings.temporal).toBe(`127.0.0.1:${temporal}`);
      expect(Object.entries(listed.services).map(([name, r]) => [name, typeof r?.pid]).sort()).toEqual([['ferretdb', 'number'], ['temporal', 'number']]);
    } finally {
      expect(await ok(['dev', 'down'], env)).toContain('stopped');
    }
    const after = JSON.parse(await ok(['dev', 'status', '--json'], env)) as { services: Record<string, unknown> };
    expect(Object.values(after.services).filter((r) => r)).toEqual([]);
  });
});

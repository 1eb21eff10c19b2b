import { readFile, writeFile } from 'node:fs/promises';
import { parse as parseYaml, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { customIdOf } from '../../campaign/batch-run.js';
import { signalCampaign } from '../../campaign/control.js';
import { extendCampaign, resolveCampaignConfig } from '../../campaign/start.js';
import { generationKey } from '../../campaign/keys.js';
import { collections } from '../../store/collections.js';
import { planned, reportJson, sampleQuestions, storedCounts, waitFor } from '../support/campaign-checks.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

const CATEGORIES = ['MK', 'MLU'];
const SHAPE = { models: 1, samples: 2, judges: 1, judgeRounds: 2 };
const PRICING = { inputPerMillion: 2, outputPerMillion: 8, batchMultiplier: 0.5, cachedInputPerMillion: 0.5 };
// the same provider models realtime and in batch mode, so the fake answers both alike
const profile = (kind: 'openai' | 'anthropic', model: string, baseUrl: string, batch: boolean, retry: 'batch' | 'realtime' = 'batch') => ({
  kind,
  baseUrl,
  model,
  apiKeyEnv: 'MEDEVAL_SIMULATOR_KEY',
  callKeyHeader: 'x-medeval-key',
  timeoutMs: 10_000,
  params: { maxTokens: 1024 },
  pricing: PRICING,
  ...(batch ? { batch: { enabled: true, pollSeconds: 0.2, maxRequests: 20, retry } } : {}),
});

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5], batches: { delayMs: 300 } }, ['b-model', 'b-judge', 'r-model', 'r-judge'], (harness) => (h = harness));

async function campaignFiles(sub: string, model: string, judge: string, options: { retry?: 'batch' | 'realtime'; maxAttempts?: number; shape?: { samples: number; judgeRounds: number } } = {}) {
  const orchestration = options.maxAttempts ? { orchestration: { maxAttempts: options.maxAttempts } } : {};
  const shape = options.shape ?? SHAPE;
  const files = await h.writeConfig({ sub, models: [model], judges: [judge], samples: shape.samples, judgeRounds: shape.judgeRounds, extra: { filters: { categories: CATEGORIES }, models: [{ profile: model, id: 'model' }], judges: [{ profile: judge, id: 'judge' }], ...orchestration } });
  const doc = parseYaml(await readFile(files.profilesFile, 'utf8')) as { profiles: Record<string, unknown> };
  const batch = model.startsWith('b-');
  doc.profiles[model] = profile('openai', 'gpt-sim', h.fake.openaiBaseUrl, batch, options.retry);
  doc.profiles[judge] = profile('anthropic', 'claude-sim-judge', h.fake.url, batch, options.retry);
  await writeFile(files.profilesFile, stringify(doc));
  return files;
}

/** Each stored text and score by its key without the campaign id. */
async function storedResults(campaignId: string) {
  const strip = (key: string) => key.slice(campaignId.length);
  const { generations, judgements } = collections(h.db);
  return {
    generations: Object.fromEntries((await generations.find({ campaignId }).toArray()).map((g) => [strip(g._id), g.text])),
    judgements: Object.fromEntries((await judgements.find({ campaignId }).toArray()).map((j) => [strip(j._id), j.score])),
  };
}

describe('batch mode with both real SDKs against the fake', () => {
  it('stores the same generations and judgements as realtime, billed once per key at the batch price; the report is identical', async () => {
    const questions = (await sampleQuestions(h.db)).filter((q) => CATEGORIES.includes(q.category)).length;
    const plan = planned({ questions, ...SHAPE });

    const realtime = await campaignFiles('realtime', 'r-model', 'r-judge');
    await h.start(realtime.configFile, 'rt');
    expect((await h.result('rt')).status).toBe('completed');
    const batchesBefore = h.fake.batches().length;
    const batched = await campaignFiles('batch', 'b-model', 'b-judge');
    await h.start(batched.configFile, 'bt');
    expect((await h.result('bt')).status).toBe('completed');

    const expected = { generations: { succeeded: plan.generations, failed: 0 }, judgements: { succeeded: plan.judgements, failed: 0 } };
    expect(await storedCounts(h.db, 'rt')).toEqual(expected);
    expect(await storedCounts(h.db, 'bt')).toEqual(expected);
    expect(await storedResults('bt')).toEqual(await storedResults('rt'));

    // the batch campaign went through both batch APIs, round by round, and paid for each key once
    const batches = h.fake.batches().slice(batchesBefore);
    expect(new Set(batches.map((b) => b.api))).toEqual(new Set(['openai', 'anthropic']));
    expect(batches.every((b) => b.state === 'ended' && b.answered === b.items && b.items <= 20)).toBe(true);
    expect(batches.reduce((n, b) => n + b.items, 0)).toBe(plan.calls);
    const { generations, judgements } = collections(h.db);
    const docs = [...(await generations.find({ campaignId: 'bt' }).toArray()), ...(await judgements.find({ campaignId: 'bt' }).toArray())];
    const billed = h.fake.calls().byKey;
    expect(docs.map((d) => billed[customIdOf(d._id)])).toEqual(docs.map(() => 1));
    for (const d of docs) {
      expect(d.costMode).toBe('batch');
      expect(d.costUsd).toBeCloseTo(d.realtimeCostUsd! / 2, 12);
    }
    // the realtime campaign sent nothing as a batch item
    expect(Object.keys(billed).filter((k) => k.startsWith('rt/')).length).toBe(plan.calls);

    const [rt, bt] = await Promise.all([reportJson(h.db, 'rt'), reportJson(h.db, 'bt')]);
    expect(bt.models.map((m) => [m.model, m.overall, m.categories])).toEqual(rt.models.map((m) => [m.model, m.overall, m.categories]));
    const cost = (bt.context as { cost: { mode: string; costUsd: number; realtimeCostUsd: number }[] }).cost;
    expect(cost.map((c) => c.mode)).toEqual(['batch', 'batch']);
    expect(cost.every((c) => Math.abs(c.costUsd - c.realtimeCostUsd / 2) < 1e-12)).toBe(true);
  });

  it('expired batches and per-item errors: every item ends scored or failed with its reason, none billed twice', async () => {
    const questions = (await sampleQuestions(h.db)).filter((q) => CATEGORIES.includes(q.category));
    // the first round of a conversation with a second round: its model call is refused as too long, every time
    const first = questions.find((q) => q.round === 1 && questions.some((o) => o.category === q.category && o.groupCode === q.groupCode && o.round === 2))!;
    const refused = customIdOf(generationKey('bt-faults', 'model', first.id, 0));
    h.fake.configure({
      // each batch answers two thirds of its items before its window passes; the rest expire and go to the next batch
      batches: { delayMs: 300, expireAfterMs: 200 },
      faults: [
        { fault: 'context_too_long', keys: [refused] },
        { fault: 'server_error', status: 500, rate: 0.3, attempts: [1] },
      ],
    });
    try {
      const files = await campaignFiles('faults', 'b-model', 'b-judge', { maxAttempts: 3 });
      await h.start(files.configFile, 'bt-faults');
      expect((await h.result('bt-faults')).status).toBe('completed');
    } finally {
      h.fake.restoreConfig();
    }
    const { generations, judgements } = collections(h.db);
    const gens = await generations.find({ campaignId: 'bt-faults' }).toArray();
    const judged = await judgements.find({ campaignId: 'bt-faults' }).toArray();
    expect(gens).toHaveLength(questions.length * SHAPE.samples);
    const reasons = (docs: { status: string; error?: { kind: string } }[]) => new Set(docs.filter((d) => d.status === 'failed').map((d) => d.error?.kind));
    for (const d of [...gens, ...judged]) expect(d.status === 'succeeded' || (d.status === 'failed' && typeof d.error?.kind === 'string' && d.error.message !== '')).toBe(true);
    expect(gens.find((g) => g._id === generationKey('bt-faults', 'model', first.id, 0))).toMatchObject({ status: 'failed', error: { kind: 'context_too_long' } });
    expect(gens.find((g) => g.questionId !== first.id && g.groupCode === first.groupCode && g.category === first.category && g.sample === 0)).toMatchObject({ status: 'failed', error: { kind: 'skipped' } });
    expect([...reasons(gens)].every((k) => ['context_too_long', 'skipped', 'batch_expired'].includes(k!))).toBe(true);
    expect([...reasons(judged)].every((k) => k === 'batch_expired')).toBe(true);
    // items left when the last allowed batch expired end failed as batch_expired
    expect(reasons([...gens, ...judged]).has('batch_expired')).toBe(true);
    // items that failed with a 500 in their first batch were answered in a later one
    const calls = h.fake.calls().byKey;
    const recovered = [...gens, ...judged].filter((d) => d.status === 'succeeded' && calls[customIdOf(d._id)] === 2);
    expect(recovered.length).toBeGreaterThan(0);
    // every answered item is judged judgeRounds times, stored as a score or a failure with its reason
    const answered = gens.filter((g) => g.status === 'succeeded');
    expect(answered.length).toBeGreaterThan(0);
    expect(judged).toHaveLength(answered.length * SHAPE.judgeRounds);
    expect(h.fake.batches().some((b) => b.state === 'expired')).toBe(true);
    const billed = h.fake.billed();
    expect([...gens, ...judged].filter((d) => (billed[customIdOf(d._id)] ?? 0) > 1).map((d) => d._id)).toEqual([]);
    expect([...gens, ...judged].filter((d) => d.status === 'succeeded').every((d) => billed[customIdOf(d._id)] === 1)).toBe(true);
    const report = await reportJson(h.db, 'bt-faults');
    expect(report.failures.find((f) => f.kind === 'context_too_long')).toMatchObject({ stage: 'generation', outcome: 'failed', count: 1 });
  });

  it('retry: realtime sends the items a batch did not answer as realtime calls', async () => {
    const questions = (await sampleQuestions(h.db)).filter((q) => CATEGORIES.includes(q.category)).length;
    h.fake.configure({ batches: { delayMs: 300, expireAfterMs: 100 } });
    try {
      const files = await campaignFiles('fallback', 'b-model', 'b-judge', { retry: 'realtime' });
      await h.start(files.configFile, 'bt-fallback');
      expect((await h.result('bt-fallback')).status).toBe('completed');
    } finally {
      h.fake.restoreConfig();
    }
    const plan = planned({ questions, ...SHAPE });
    expect(await storedCounts(h.db, 'bt-fallback')).toEqual({ generations: { succeeded: plan.generations, failed: 0 }, judgements: { succeeded: plan.judgements, failed: 0 } });
    const { generations, judgements } = collections(h.db);
    const docs = [...(await generations.find({ campaignId: 'bt-fallback' }).toArray()), ...(await judgements.find({ campaignId: 'bt-fallback' }).toArray())];
    const modes = new Set(docs.map((d) => d.costMode));
    expect(modes).toEqual(new Set(['batch', 'realtime']));
    const billed = h.fake.billed();
    // a realtime call is counted under its key, a batch item under its custom_id: one of them, once
    expect(docs.filter((d) => (billed[d._id] ?? 0) + (billed[customIdOf(d._id)] ?? 0) !== 1).map((d) => d._id)).toEqual([]);
    expect(docs.filter((d) => d.costMode === 'realtime').every((d) => billed[d._id] === 1)).toBe(true);
  });

  it('pause submits no new batch while the open one is answered and stored; cancel cancels the open batch at the provider and stores what it answered', async () => {
    h.fake.configure({ batches: { delayMs: 1_500 } });
    try {
      const before = h.fake.batches().length;
      const files = await campaignFiles('control', 'b-model', 'b-judge');
      await h.start(files.configFile, 'bt-control');
      const mine = () => h.fake.batches().slice(before);
      await waitFor('the first batch', () => mine().length > 0);
      await signalCampaign(h.client, 'bt-control', 'pause');
      await waitFor('the open batch to end and be stored', async () => (await collections(h.db).batches.find({ campaignId: 'bt-control' }).toArray()).every((b) => b.status === 'done'), 20_000);
      const whilePaused = mine().length;
      await new Promise((r) => setTimeout(r, 2_000));
      expect(mine().length).toBe(whilePaused);
      expect((await storedCounts(h.db, 'bt-control')).generations.succeeded).toBeGreaterThan(0);

      await signalCampaign(h.client, 'bt-control', 'resume');
      await waitFor('a batch after resume', () => mine().length > whilePaused && mine().some((b) => b.state === 'in_progress'));
      await new Promise((r) => setTimeout(r, 500));
      await signalCampaign(h.client, 'bt-control', 'cancel');
      expect((await h.result('bt-control')).status).toBe('cancelled');
      const open = mine().filter((b) => b.state === 'cancelled');
      expect(open.length).toBeGreaterThan(0);
      // what the cancelled batches answered before the cancel is stored, and billed once
      const { generations, judgements } = collections(h.db);
      const stored = [...(await generations.find({ campaignId: 'bt-control', status: 'succeeded' }).toArray()), ...(await judgements.find({ campaignId: 'bt-control', status: 'succeeded' }).toArray())];
      const billed = h.fake.billed();
      expect(stored.every((d) => billed[customIdOf(d._id)] === 1)).toBe(true);
      expect(mine().reduce((n, b) => n + b.answered, 0)).toBe(stored.length);
      const records = await collections(h.db).batches.find({ campaignId: 'bt-control' }).toArray();
      expect(records.every((r) => r.status === 'done')).toBe(true);
      expect(records.some((r) => r.cancelRequestedAt !== undefined)).toBe(true);
    } finally {
      h.fake.restoreConfig();
    }
  });

  it('growth: a grown campaign batches only the keys it has not stored', async () => {
    const questions = (await sampleQuestions(h.db)).filter((q) => CATEGORIES.includes(q.category)).length;
    const small = { samples: 1, judgeRounds: 1 };
    await h.start((await campaignFiles('grow-small', 'b-model', 'b-judge', { shape: small })).configFile, 'bt-grow');
    expect((await h.result('bt-grow')).status).toBe('completed');
    const before = h.fake.batches().length;
    const grown = await campaignFiles('grow-big', 'b-model', 'b-judge');
    await extendCampaign({ db: h.db, client: h.client, settings: h.settings, campaignId: 'bt-grow', resolved: await resolveCampaignConfig(grown.configFile) });
    expect((await h.result('bt-grow')).status).toBe('completed');
    const added = h.fake.batches().slice(before).reduce((n, b) => n + b.items, 0);
    expect(added).toBe(planned({ questions, ...SHAPE }).calls - planned({ questions, models: 1, judges: 1, ...small }).calls);
    const { generations, judgements } = collections(h.db);
    const docs = [...(await generations.find({ campaignId: 'bt-grow' }).toArray()), ...(await judgements.find({ campaignId: 'bt-grow' }).toArray())];
    const billed = h.fake.billed();
    expect(docs.filter((d) => billed[customIdOf(d._id)] !== 1).map((d) => d._id)).toEqual([]);
    expect(await storedCounts(h.db, 'bt-grow')).toMatchObject({ generations: { succeeded: planned({ questions, ...SHAPE }).generations }, judgements: { succeeded: planned({ questions, ...SHAPE }).judgements } });
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import { parse as parseYaml, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { customIdOf } from '../../campaign/batch-run.js';
import { collections } from '../../store/collections.js';
import { planned, reportJson, sampleQuestions, storedCounts } from '../support/campaign-checks.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

const CATEGORIES = ['MK', 'MLU'];
const SHAPE = { models: 1, samples: 2, judges: 1, judgeRounds: 2 };
const PRICING = { inputPerMillion: 2, outputPerMillion: 8, batchMultiplier: 0.5, cachedInputPerMillion: 0.5 };
// the same provider models realtime and in batch mode, so the fake answers both alike
const profile = (kind: 'openai' | 'anthropic', model: string, baseUrl: string, batch: boolean) => ({
  kind,
  baseUrl,
  model,
  apiKeyEnv: 'MEDEVAL_SIMULATOR_KEY',
  callKeyHeader: 'x-medeval-key',
  timeoutMs: 10_000,
  params: { maxTokens: 1024 },
  pricing: PRICING,
  ...(batch ? { batch: { enabled: true, pollSeconds: 0.2, maxRequests: 20 } } : {}),
});

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5], batches: { delayMs: 300 } }, ['b-model', 'b-judge', 'r-model', 'r-judge'], (harness) => (h = harness));

async function campaignFiles(sub: string, model: string, judge: string) {
  const files = await h.writeConfig({ sub, models: [model], judges: [judge], samples: SHAPE.samples, judgeRounds: SHAPE.judgeRounds, extra: { filters: { categories: CATEGORIES }, models: [{ profile: model, id: 'model' }], judges: [{ profile: judge, id: 'judge' }] } });
  const doc = parseYaml(await readFile(files.profilesFile, 'utf8')) as { profiles: Record<string, unknown> };
  const batch = model.startsWith('b-');
  doc.profiles[model] = profile('openai', 'gpt-sim', h.fake.openaiBaseUrl, batch);
  doc.profiles[judge] = profile('anthropic', 'claude-sim-judge', h.fake.url, batch);
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
});

import { describe, expect, it } from 'vitest';
import { extendCampaign, resolveCampaignConfig } from '../../campaign/start.js';
import { collections } from '../../store/collections.js';
import { campaignCalls, planned, reportJson, sampleQuestions, storedCounts, waitFor, type PlanShape } from '../support/campaign-checks.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

const MODEL_A = 'sim-model-a';
const MODEL_B = 'sim-model-b';
const JUDGE = 'sim-judge';
/** the judge-only campaign's own judge, so its calls are told apart from the first campaign's by model */
const SECOND_JUDGE = 'sim-judge-2';
/** two categories, one with a three-round conversation, keep the campaigns small; every config here uses them */
const CATEGORIES = ['MK', 'MLU'];
const FILTERS = { filters: { categories: CATEGORIES } };

let h: CampaignHarness;
let questions: number;
runningHarness({ latencyMs: [0, 5] }, [MODEL_A, MODEL_B, JUDGE, SECOND_JUDGE], (harness) => (h = harness), async (harness) => {
  questions = (await sampleQuestions(harness.db)).filter((q) => CATEGORIES.includes(q.category)).length;
});

async function extend(campaignId: string, configFile: string) {
  return (await extendCampaign({ db: h.db, client: h.client, settings: h.settings, campaignId, resolved: await resolveCampaignConfig(configFile) })).how;
}

/** The campaign paid for each planned item exactly once and stored all of them, none failed. */
async function expectCompleteAndPaidOnce(campaignId: string, shape: PlanShape) {
  const plan = planned(shape);
  expect(await storedCounts(h.db, campaignId)).toEqual({
    generations: { succeeded: plan.generations, failed: 0 },
    judgements: { succeeded: plan.judgements, failed: 0 },
  });
  const calls = campaignCalls(h.fake, campaignId);
  expect(calls.total).toBe(plan.calls);
  expect(Object.entries(calls.byKey).filter(([, n]) => n !== 1)).toEqual([]);
}

// the growth campaign that the judge-only campaign then scores
const GROWN = 'growth';
const SMALL_SHAPE = { models: 1, samples: 2, judges: 1, judgeRounds: 2 };
const GROWN_SHAPE = { models: 2, samples: 3, judges: 1, judgeRounds: 3 };

describe('growing a campaign', () => {
  it('a finished campaign grown by a model, a sample and a judge round pays only for the new items', async () => {
    const small = await h.writeConfig({ sub: 'small', models: [MODEL_A], judges: [JUDGE], samples: SMALL_SHAPE.samples, judgeRounds: SMALL_SHAPE.judgeRounds, extra: FILTERS });
    await h.start(small.configFile, GROWN);
    expect((await h.result(GROWN)).status).toBe('completed');
    await expectCompleteAndPaidOnce(GROWN, { questions, ...SMALL_SHAPE });
    const before = campaignCalls(h.fake, GROWN).total;
    const { generations } = collections(h.db);
    const firstAnswers = await generations.find({ campaignId: GROWN }, { projection: { updatedAt: 1 } }).toArray();

    const grown = await h.writeConfig({ sub: 'grown', models: [MODEL_A, MODEL_B], judges: [JUDGE], samples: GROWN_SHAPE.samples, judgeRounds: GROWN_SHAPE.judgeRounds, extra: FILTERS });
    expect(await extend(GROWN, grown.configFile)).toBe('restarted');
    const result = await h.result(GROWN);
    expect(result.status).toBe('completed');

    const newItems = planned({ questions, ...GROWN_SHAPE }).calls - planned({ questions, ...SMALL_SHAPE }).calls;
    expect(campaignCalls(h.fake, GROWN).total - before).toBe(newItems);
    await expectCompleteAndPaidOnce(GROWN, { questions, ...GROWN_SHAPE });
    // answers stored before the growth were found, not written again
    const again = await generations.find({ _id: { $in: firstAnswers.map((g) => g._id) } }, { projection: { updatedAt: 1 } }).toArray();
    expect(new Map(again.map((g) => [g._id, g.updatedAt.getTime()]))).toEqual(new Map(firstAnswers.map((g) => [g._id, g.updatedAt.getTime()])));

    const report = await reportJson(h.db, result.campaignId);
    expect(report.models.map((m) => [m.model, m.overall.questions, m.counts.samples, m.counts.judgeRounds])).toEqual([
      [MODEL_A, questions, GROWN_SHAPE.samples, GROWN_SHAPE.judgeRounds],
      [MODEL_B, questions, GROWN_SHAPE.samples, GROWN_SHAPE.judgeRounds],
    ]);
  });

  it('a judge-only campaign scores the grown campaign’s answers with its own judge and generates nothing', async () => {
    const judgeRounds = 2;
    const config = await h.writeConfig({
      sub: 'judge-only',
      models: [],
      judges: [SECOND_JUDGE],
      samples: GROWN_SHAPE.samples,
      judgeRounds,
      extra: { ...FILTERS, answersFrom: { campaign: GROWN } },
    });
    const before = h.fake.calls().byModel;
    const { campaignId } = await h.start(config.configFile, 'judged-again');
    const result = await h.result(campaignId);
    expect(result.status).toBe('completed');

    const answers = planned({ questions, ...GROWN_SHAPE }).generations;
    const after = h.fake.calls().byModel;
    const delta = (model: string) => (after[model] ?? 0) - (before[model] ?? 0);
    expect([MODEL_A, MODEL_B, JUDGE, SECOND_JUDGE].map(delta)).toEqual([0, 0, 0, answers * judgeRounds]);
    const calls = campaignCalls(h.fake, campaignId);
    expect(calls.total).toBe(answers * judgeRounds);
    expect(Object.entries(calls.byKey).filter(([, n]) => n !== 1)).toEqual([]);
    expect(await storedCounts(h.db, campaignId)).toEqual({
      generations: { succeeded: 0, failed: 0 },
      judgements: { succeeded: answers * judgeRounds, failed: 0 },
    });

    const report = await reportJson(h.db, result.campaignId);
    expect(report.models.map((m) => [m.model, m.overall.questions, m.counts.judges])).toEqual([
      [MODEL_A, questions, [SECOND_JUDGE]],
      [MODEL_B, questions, [SECOND_JUDGE]],
    ]);
  });

  it('a campaign grown while it runs (a signal) runs the new items too, each paid once', async () => {
    // slow calls keep the small campaign running while it is extended
    h.fake.configure({ latencyMs: [300, 500] });
    const smallShape = { models: 1, samples: 2, judges: 1, judgeRounds: 1 };
    const grownShape = { models: 2, samples: 2, judges: 1, judgeRounds: 2 };
    const small = await h.writeConfig({ sub: 'running-small', models: [MODEL_A], judges: [JUDGE], samples: smallShape.samples, judgeRounds: smallShape.judgeRounds, extra: FILTERS });
    const { campaignId } = await h.start(small.configFile, 'grown-while-running');
    await waitFor('the first calls', () => campaignCalls(h.fake, campaignId).total >= 3);

    const grown = await h.writeConfig({ sub: 'running-grown', models: [MODEL_A, MODEL_B], judges: [JUDGE], samples: grownShape.samples, judgeRounds: grownShape.judgeRounds, extra: FILTERS });
    expect(await extend(campaignId, grown.configFile)).toBe('signalled');
    expect(campaignCalls(h.fake, campaignId).total).toBeLessThan(planned({ questions, ...smallShape }).calls);
    // grown mid-run, as intended: the rest may go fast
    h.fake.configure({ latencyMs: [0, 5] });
    expect((await h.result(campaignId)).status).toBe('completed');
    await expectCompleteAndPaidOnce(campaignId, { questions, ...grownShape });
  });
});

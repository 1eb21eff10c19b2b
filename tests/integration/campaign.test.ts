import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../workers/workflow-bundle.js';
import { collections } from '../../store/collections.js';
import { reportJson } from '../support/campaign-checks.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';
let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5] }, [...MODELS, JUDGE], (harness) => (h = harness));

/** The paper's definition, computed here independently of the scoring module: per question mean of valid scores. */
function opFromRows(rows: { questionId: string; score: number | null }[], questionIds: string[], threshold = 4) {
  const scores = new Map<string, number[]>();
  for (const r of rows) if (r.score !== null) scores.set(r.questionId, [...(scores.get(r.questionId) ?? []), r.score]);
  const usable = questionIds.filter((id) => {
    const s = scores.get(id);
    return s !== undefined && s.reduce((a, b) => a + b, 0) / s.length >= threshold;
  }).length;
  return { usable, op: (usable / questionIds.length) * 100 };
}

describe('a full simulated campaign on the sample set', () => {
  it('stores exactly the expected generations and judgements, pays each key once, and reports the stored scores', async () => {
    const { configFile } = await h.writeConfig({ extra: { orchestration: { window: 3, conversationsPerRun: 4 } } });
    const { campaignId } = await h.start(configFile);
    const result = await h.result(campaignId);
    expect(result.status).toBe('completed');

    const questions = await h.db.collection('questions').find({ datasetId: 'sample@1' }).toArray();
    const n = questions.length;
    const { generations, judgements } = collections(h.db);
    expect(await generations.countDocuments({ campaignId, status: 'succeeded' })).toBe(n * 3 * 2);
    expect(await judgements.countDocuments({ campaignId, status: 'succeeded' })).toBe(n * 3 * 2 * 3);
    expect(await generations.countDocuments({ campaignId, status: 'failed' })).toBe(0);

    const calls = h.fake.calls();
    expect(calls.total).toBe(n * 3 * 2 * 4);
    expect(Object.values(calls.byKey).every((c) => c === 1)).toBe(true);

    const report = await reportJson(h.db, campaignId);
    for (const model of MODELS) {
      const rows = await judgements.find({ campaignId, model }, { projection: { questionId: 1, score: 1 } }).toArray();
      const expected = opFromRows(rows.map((r) => ({ questionId: r.questionId, score: r.score ?? null })), questions.map((q) => String(q.questionId)));
      const summary = report.models.find((m) => m.model === model)!;
      expect(summary.overall.usable).toBe(expected.usable);
      expect(summary.overall.op).toBeCloseTo(expected.op, 10);
      expect(summary.overall.questions).toBe(n);
    }
    expect(report.simulated).toBe(true);

    // Determinism: every run of the campaign's workflows (model runs continued as new) replays on today's code.
    // 1 campaign + 2 models × ceil(10 conversations / 4 per run) runs; visibility may lag a moment behind.
    const expectedRuns = 1 + 2 * 3;
    let executions: { workflowId: string; runId: string }[] = [];
    for (let attempt = 0; attempt < 20 && executions.length < expectedRuns; attempt += 1) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 250));
      executions = [];
      for await (const e of h.client.workflow.list({ query: `MedevalCampaignId = '${campaignId}'` })) executions.push(e);
    }
    let replayed = 0;
    for (const execution of executions) {
      const history = await h.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH, replayName: execution.workflowId }, history);
      expect(history.events?.length ?? 0).toBeLessThan(2_000);
      replayed += 1;
    }
    expect(replayed).toBe(expectedRuns);
  });
});

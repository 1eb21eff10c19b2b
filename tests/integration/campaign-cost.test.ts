import { describe, expect, it } from 'vitest';
import { campaignProgress } from '../../campaign/status.js';
import { formatProgress } from '../../cli/progress-view.js';
import { costTotals } from '../../scoring/report/cost.js';
import { collections } from '../../store/collections.js';
import { planned, reportJson, sampleQuestions } from '../support/campaign-checks.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

const MODEL = 'sim-cost-model';
const JUDGE = 'sim-cost-judge';
const CATEGORIES = ['MK', 'MLU'];
const PRICING = { inputPerMillion: 4, outputPerMillion: 8, cachedInputPerMillion: 1, batchMultiplier: 0.5 };

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5] }, [MODEL, JUDGE], (harness) => (h = harness));

describe('cost accounting of a realtime campaign', () => {
  it('every stored call records its mode, cached tokens and cost on the profile prices; status and report show it per model and judge', async () => {
    const questions = (await sampleQuestions(h.db)).filter((q) => CATEGORIES.includes(q.category)).length;
    const files = await h.writeConfig({ sub: 'cost', models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 3, pricing: PRICING, extra: { filters: { categories: CATEGORIES } } });
    const campaignId = 'cost-realtime';
    await h.start(files.configFile, campaignId);
    expect((await h.result(campaignId)).status).toBe('completed');

    const { generations, judgements } = collections(h.db);
    const docs = [...(await generations.find({ campaignId }).toArray()), ...(await judgements.find({ campaignId }).toArray())];
    const plan = planned({ questions, models: 1, samples: 1, judges: 1, judgeRounds: 3 });
    expect(docs).toHaveLength(plan.calls);
    for (const d of docs) {
      const u = d.usage!;
      const cached = u.cachedInputTokens ?? 0;
      const expected = ((u.inputTokens - cached) * 4 + cached * 1 + u.outputTokens * 8) / 1e6;
      expect(d.costMode).toBe('realtime');
      expect(d.costUsd).toBeCloseTo(expected, 12);
      expect(d.realtimeCostUsd).toBe(d.costUsd);
    }
    // the judging rounds of one answer send the same prompt: the later rounds read it from the (OpenAI-style) cache
    const cachedJudgements = docs.filter((d) => 'judge' in d && (d.usage?.cachedInputTokens ?? 0) > 0);
    const longPrompts = docs.filter((d) => 'judge' in d && d.usage!.inputTokens >= 1024);
    expect(cachedJudgements.length).toBeGreaterThan(0);
    expect(cachedJudgements.length).toBe((longPrompts.length * 2) / 3);

    const progress = await campaignProgress(h.client, campaignId, h.db);
    const rows = progress.costs!;
    expect(rows.map((r) => [r.role, r.id, r.mode, r.calls])).toEqual([
      ['judge', JUDGE, 'realtime', plan.judgements],
      ['model', MODEL, 'realtime', plan.generations],
    ]);
    const total = docs.reduce((n, d) => n + d.costUsd!, 0);
    expect(costTotals(rows).costUsd).toBeCloseTo(total, 10);
    expect(costTotals(rows).savingUsd).toBeCloseTo(0, 12);
    expect(rows[0]!.cachedInputTokens).toBe(cachedJudgements.reduce((n, d) => n + d.usage!.cachedInputTokens!, 0));
    expect(formatProgress(progress)).toContain(`judge ${JUDGE} (realtime): ${plan.judgements} calls`);

    const report = await reportJson(h.db, campaignId);
    expect((report.context as { cost?: unknown }).cost).toEqual(rows);
    const md = (await collections(h.db).reports.findOne({ _id: campaignId }))!.files.find((f) => f.name === 'report.md')!.text;
    expect(md).toContain('## Cost');
    expect(md).toContain(`realtime equivalent $${total.toFixed(4)}`);
  });
});

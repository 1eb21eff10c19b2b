import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportPageCount, reportPageId } from '../../campaign/keys.js';
import { rejudgeCampaign, waitForRefinement } from '../../campaign/rejudge.js';
import { buildCampaignReport, type CampaignReport } from '../../campaign/report.js';
import { foldCampaignReportPage, recomputeReportPages } from '../../campaign/report-pages.js';
import { extendCampaign, resolveCampaignConfig } from '../../campaign/start.js';
import { collections } from '../../store/collections.js';
import { loadReportPages, type ReportPageDoc } from '../../store/report-pages.js';
import { changedMkTemplates } from '../support/templates.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';
const SECOND_JUDGE = 'sim-judge-2';
const CAMPAIGN = 'pages';
const JUDGE_ONLY = 'pages-judged';
/** the sample's ten conversations: one page per model */
const PAGES = reportPageCount(10);

let h: CampaignHarness;
// failed answers (refused: their later rounds skipped), failed judge calls, and unreadable verdicts
runningHarness(
  {
    latencyMs: [0, 3],
    faults: [
      { fault: 'refusal', model: 'sim-model-b', rate: 0.2 },
      { fault: 'refusal', model: JUDGE, rate: 0.05 },
    ],
    malformedJudgeRate: { [JUDGE]: 0.15 },
  },
  [...MODELS, JUDGE, SECOND_JUDGE],
  (harness) => (h = harness),
);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'medeval-pages-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const changedTemplates = (): string => changedMkTemplates(path.join(scratch, 'templates'));

const BOOTSTRAP = { seed: 7, resamples: 200 };
const fromPages = (id: string) => buildCampaignReport(h.db, id, BOOTSTRAP, undefined, 'pages');
const fromScans = (id: string) => buildCampaignReport(h.db, id, BOOTSTRAP, undefined, 'scans');
const pageIds = (id: string, models: readonly string[]) => models.flatMap((m) => Array.from({ length: PAGES }, (_, p) => reportPageId(id, m, p)));

/** Every file and figure of the two reports equal (OP, usability, intervals, failure and cost tables, before/after). */
function expectSameReport(paged: CampaignReport, scanned: CampaignReport) {
  expect(Object.keys(paged.files).sort()).toEqual(Object.keys(scanned.files).sort());
  for (const name of Object.keys(scanned.files)) expect(paged.files[name], name).toBe(scanned.files[name]);
  expect(paged.result).toEqual(scanned.result);
  expect([paged.models, paged.failures, paged.simulated]).toEqual([scanned.models, scanned.failures, scanned.simulated]);
}

describe('report pages', () => {
  it('a campaign with failures, growth and a refinement reports from its pages exactly what scans of the raw collections give, refolding no page', async () => {
    const small = await h.writeConfig({ sub: 'small', models: MODELS, judges: [JUDGE], samples: 1, judgeRounds: 2 });
    await h.start(small.configFile, CAMPAIGN);
    const first = await h.result(CAMPAIGN);
    expect(first.status).toBe('completed');
    expect(first.report.pages).toEqual({ read: MODELS.length * PAGES, refolded: 0 });

    // growth: a sample and a judge round more
    const grown = await h.writeConfig({ sub: 'grown', models: MODELS, judges: [JUDGE], samples: 2, judgeRounds: 3 });
    await extendCampaign({ db: h.db, client: h.client, settings: h.settings, campaignId: CAMPAIGN, resolved: await resolveCampaignConfig(grown.configFile) });
    const afterGrowth = await h.result(CAMPAIGN);
    expect(afterGrowth.report.pages).toEqual({ read: MODELS.length * PAGES, refolded: 0 });

    // a refinement: MK re-judged with a new template; its child folds the pages of its targets again
    const { refinementId } = await rejudgeCampaign({ db: h.db, client: h.client, settings: h.settings, input: { campaignId: CAMPAIGN, author: 'Dr. Test', categories: ['MK'], templatesDir: changedTemplates() } });
    expect((await waitForRefinement(h.db, refinementId, 100)).status).toBe('done');
    const afterRefinement = await h.result(CAMPAIGN);
    expect(afterRefinement.report.pages).toEqual({ read: MODELS.length * PAGES, refolded: 0 });

    const paged = await fromPages(CAMPAIGN);
    expect(paged.pages).toEqual({ read: MODELS.length * PAGES, refolded: 0 });
    const scanned = await fromScans(CAMPAIGN);
    expect(scanned.pages).toBeUndefined();
    expectSameReport(paged, scanned);

    // the campaign had every kind of result the pages must carry
    const { judgements, generations } = collections(h.db);
    expect(await generations.countDocuments({ campaignId: CAMPAIGN, status: 'failed' })).toBeGreaterThan(0);
    expect(await judgements.countDocuments({ campaignId: CAMPAIGN, status: 'failed' })).toBeGreaterThan(0);
    expect(await judgements.countDocuments({ campaignId: CAMPAIGN, status: 'succeeded', valid: false })).toBeGreaterThan(0);
    expect(paged.failures.failed).toBeGreaterThan(0);
    expect(paged.failures.skipped).toBeGreaterThan(0);
    expect(paged.files['report.md']).toContain('Refinements');
    expect(paged.files['report.md']).toMatch(/\| judge \| sim-judge \| realtime \| [1-9]\d* \|/);
    expect(paged.simulated).toBe(true);
    expect(paged.result.models.map((m) => m.overall.questions)).toEqual([14, 14]);
  });

  it('a missing or stale page is folded again on the spot and stored; folding is idempotent and the full recompute gives the same pages', async () => {
    const ids = pageIds(CAMPAIGN, MODELS);
    const before = (await loadReportPages(h.db, ids)) as ReportPageDoc[];
    expect(before.every((p) => p !== null)).toBe(true);
    const scanned = await fromScans(CAMPAIGN);

    const pages = h.db.collection<ReportPageDoc>('report_pages');
    await pages.deleteOne({ _id: ids[0]! });
    await pages.updateOne({ _id: ids[1]! }, { $set: { signature: 'stale' } });
    const refolded = await fromPages(CAMPAIGN);
    expect(refolded.pages).toEqual({ read: ids.length, refolded: 2 });
    expectSameReport(refolded, scanned);
    const stored = (await loadReportPages(h.db, ids)) as ReportPageDoc[];
    expect(stored.map((p) => [p.signature, p.data])).toEqual(before.map((p) => [p.signature, p.data]));
    expect((await fromPages(CAMPAIGN)).pages).toEqual({ read: ids.length, refolded: 0 });

    // the same results fold to the same page, however often
    await foldCampaignReportPage(h.db, { campaignId: CAMPAIGN, modelId: MODELS[1]!, page: 0 });
    await foldCampaignReportPage(h.db, { campaignId: CAMPAIGN, modelId: MODELS[1]!, page: 0 });
    expect((await loadReportPages(h.db, [ids[1]!]))[0]!.data).toBe(before[1]!.data);

    // the full recompute (one pass over the stored results) stores the very same pages
    await pages.updateOne({ _id: ids[0]! }, { $set: { data: '{"answers":[],"verdicts":[],"failures":[],"cost":[],"simulated":false}' } });
    expect(await recomputeReportPages(h.db, CAMPAIGN)).toEqual({ pages: ids.length });
    expect(((await loadReportPages(h.db, ids)) as ReportPageDoc[]).map((p) => p.data)).toEqual(before.map((p) => p.data));
  });

  it('a judge-only campaign reports from pages what scans give', async () => {
    const config = await h.writeConfig({ sub: 'judge-only', models: [], judges: [SECOND_JUDGE], samples: 2, judgeRounds: 1, extra: { answersFrom: { campaign: CAMPAIGN } } });
    await h.start(config.configFile, JUDGE_ONLY);
    const result = await h.result(JUDGE_ONLY);
    expect(result.status).toBe('completed');
    expect(result.report.pages).toEqual({ read: MODELS.length * PAGES, refolded: 0 });
    const paged = await fromPages(JUDGE_ONLY);
    expectSameReport(paged, await fromScans(JUDGE_ONLY));
    expect(paged.result.models.map((m) => m.model)).toEqual(MODELS);
  });
});

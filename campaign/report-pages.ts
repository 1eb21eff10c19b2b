import type { Db } from 'mongodb';
import { participantId } from '../config/campaign.js';
import { forEachBounded } from '../lib/bounded.js';
import { scoreRecordOf } from '../store/campaign-records.js';
import { campaignResults, loadReportPages, resultsByKey, saveReportPage, type ResultFields, type VerdictFields } from '../store/report-pages.js';
import { loadRefinementLayers } from '../store/refinements.js';
import { loadCampaign, type LoadedCampaign } from './context.js';
import { currentScoresOf, loadJudgingVersions, type CurrentScores, type JudgingVersions } from './current-scores.js';
import { refinementId, reportPageCount, reportPageId, REPORT_PAGE_CONVERSATIONS } from './keys.js';
import { modelEntries } from './plan.js';
import { packReportPage, unpackReportPage } from './report-page-codec.js';
import { foldReportPage, mergeReportPages, pageAnswerKeys, pageKeys, pageSignature, type PageSpec, type ReportPageData } from './report-page-fold.js';

/** A campaign's report pages as far as folding them goes: every (model, page) and the spec of each. */
export interface ReportPagePlan {
  campaignId: string;
  models: string[];
  pages: number;
  spec(modelId: string, page: number): PageSpec;
}

export async function reportPagePlan(db: Db, doc: LoadedCampaign, versions: JudgingVersions): Promise<ReportPagePlan> {
  const { config } = doc;
  const models = (await modelEntries(db, doc)).map((m) => m.id);
  const { conversations, baseTemplates, layers } = versions;
  return {
    campaignId: doc._id,
    models,
    pages: reportPageCount(conversations.length),
    spec: (modelId, page) => ({
      campaignId: doc._id,
      answersCampaign: config.answersFrom?.campaign ?? doc._id,
      modelId,
      page,
      questions: conversations.slice(page * REPORT_PAGE_CONVERSATIONS, (page + 1) * REPORT_PAGE_CONVERSATIONS).flatMap((c) => c.questionIds.map((id) => ({ id, category: c.category }))),
      samples: config.samples,
      judges: config.judges.map(participantId),
      judgeRounds: config.judgeRounds,
      baseTemplates,
      layers,
    }),
  };
}

type Results = (key: string) => ResultFields | VerdictFields | undefined;

/** Folds one page from the given results (or its own results read by `_id`) and stores it. */
async function foldAndStore(db: Db, spec: PageSpec, results?: Results): Promise<ReportPageData> {
  const found = results ?? ((m: Map<string, ResultFields | VerdictFields>) => (key: string) => m.get(key))(await resultsByKey(db, pageKeys(spec)));
  const data = foldReportPage(spec, found);
  await saveReportPage(db, { _id: reportPageId(spec.campaignId, spec.modelId, spec.page), campaignId: spec.campaignId, model: spec.modelId, page: spec.page, signature: pageSignature(spec), data: packReportPage(data), foldedAt: new Date() });
  return data;
}

/** The activity's step: one page of one model folded from its results by `_id` (a model run's or a re-judge's, once its conversations are finished). */
export async function foldCampaignReportPage(db: Db, input: { campaignId: string; modelId: string; page: number }): Promise<{ verdicts: number }> {
  const doc = await loadCampaign(db, input.campaignId);
  const plan = await reportPagePlan(db, doc, await loadJudgingVersions(db, doc));
  return { verdicts: (await foldAndStore(db, plan.spec(input.modelId, input.page))).verdicts.length };
}

/** The pages a finished refinement re-judged answers of (ids and numbers, for the re-judge workflow to refold one by one). */
export async function refinementReportPages(db: Db, input: { campaignId: string; refinementId: string }): Promise<{ modelId: string; page: number }[]> {
  const doc = await loadCampaign(db, input.campaignId);
  const versions = await loadJudgingVersions(db, doc);
  const layer = (await loadRefinementLayers(db, input.campaignId)).find((l) => refinementId(input.campaignId, l.seq) === input.refinementId);
  if (!layer) return [];
  const plan = await reportPagePlan(db, doc, versions);
  const touched = (spec: PageSpec) => pageAnswerKeys(spec).some((k) => layer.targets.has(k));
  return plan.models.flatMap((modelId) => Array.from({ length: plan.pages }, (_, page) => ({ modelId, page })).filter((p) => touched(plan.spec(p.modelId, p.page))));
}

export interface PagedResults {
  data: ReportPageData;
  /** pages read */
  pages: number;
  /** pages missing or stale, folded again on the spot */
  refolded: number;
}

/** Every page of a campaign, read by `_id`; a missing or stale one is folded from its results and stored. */
export async function loadPagedResults(db: Db, plan: ReportPagePlan): Promise<PagedResults> {
  const refs = plan.models.flatMap((modelId) => Array.from({ length: plan.pages }, (_, page) => plan.spec(modelId, page)));
  const docs = await loadReportPages(db, refs.map((s) => reportPageId(s.campaignId, s.modelId, s.page)));
  let refolded = 0;
  const data: ReportPageData[] = new Array(refs.length);
  await forEachBounded(refs, 2, async (spec, i) => {
    const doc = docs[i];
    if (doc && doc.signature === pageSignature(spec)) data[i] = unpackReportPage(doc.data);
    else {
      refolded += 1;
      data[i] = await foldAndStore(db, spec);
    }
  });
  return { data: mergeReportPages(data), pages: refs.length, refolded };
}

/** Every page folded again from one pass over the stored results, stored pages ignored (`campaign reindex`; the benchmark's full recompute). */
export async function recomputeReportPages(db: Db, campaignId: string): Promise<{ pages: number }> {
  const doc = await loadCampaign(db, campaignId);
  const plan = await reportPagePlan(db, doc, await loadJudgingVersions(db, doc));
  const results = await campaignResults(db, campaignId);
  const found: Results = (key) => results.get(key);
  let pages = 0;
  for (const modelId of plan.models) {
    for (let page = 0; page < plan.pages; page += 1, pages += 1) await foldAndStore(db, plan.spec(modelId, page), found);
  }
  return { pages };
}

/** What the report reads from the pages: the scores (current and all), failure counts, cost and the simulated flag. */
export async function pagedReportInputs(db: Db, doc: LoadedCampaign): Promise<{ scores: CurrentScores; paged: PagedResults }> {
  const versions = await loadJudgingVersions(db, doc);
  const paged = await loadPagedResults(db, await reportPagePlan(db, doc, versions));
  return { scores: currentScoresOf(versions, paged.data.verdicts.map(scoreRecordOf)), paged };
}

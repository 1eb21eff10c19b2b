import type { Db } from 'mongodb';
import { participantId } from '../config/campaign.js';
import type { Question } from '../dataset/schema.js';
import { aggregateScores, type AggregateResult } from '../scoring/aggregate/aggregate.js';
import { categoryCounts, questionRows } from '../scoring/explorer/question-rows.js';
import { packRow } from '../scoring/explorer/row-codec.js';
import type { ExplorerSummary, LeaderboardRow } from '../scoring/explorer/summary-types.js';
import { selectCurrentRecords } from '../scoring/judging-version.js';
import { renderCharts } from '../scoring/report/charts.js';
import { rankedModels } from '../scoring/report/tables.js';
import type { ScoreRecord } from '../scoring/score-record.js';
import { scoreRecordOf } from '../store/campaign-records.js';
import type { ExplorerFactDoc, ExplorerListDoc, ExplorerSummaryDoc } from '../store/explorer-docs.js';
import { campaignFacts, explorerListId, explorerWrites, loadExplorerSummary, rebuildExplorerFacts, saveExplorerSummary } from '../store/explorer.js';
import { loadCampaign, type LoadedCampaign } from './context.js';
import { loadJudgingVersions } from './current-scores.js';
import { campaignReviewFacts } from './explorer-reviews.js';
import { compareRefinements } from './refinement-compare.js';
import { campaignAggregateOptions } from './report.js';

/** What a campaign's read models hold, as aggregation records and the other facts the lists need. */
interface ReadModelFacts {
  records: ScoreRecord[];
  failedAnswers: { questionId: string; model: string }[];
  reviews: { questionId: string; model: string; sample: number; usable: boolean }[];
  generations: number;
  failedJudgements: number;
}

function factsOf(docs: readonly ExplorerFactDoc[], questions: ReadonlyMap<string, Question>): ReadModelFacts {
  const facts: ReadModelFacts = { records: [], failedAnswers: [], reviews: [], generations: 0, failedJudgements: 0 };
  for (const doc of docs) {
    const q = questions.get(doc.questionId);
    if (!q) continue;
    if (doc.kind === 'judgement') {
      facts.records.push(scoreRecordOf({ questionId: q.id, category: q.category, groupCode: q.groupCode, round: q.round, ...doc.judgement }));
      if (doc.judgement.status === 'failed') facts.failedJudgements++;
    } else if (doc.kind === 'generation') {
      facts.generations++;
      if (doc.generation.status === 'failed') facts.failedAnswers.push({ questionId: q.id, model: doc.generation.model });
    } else facts.reviews.push({ questionId: q.id, model: doc.review.model, sample: doc.review.sample, usable: doc.review.usable });
  }
  return facts;
}

function leaderboard(result: AggregateResult): LeaderboardRow[] {
  return rankedModels(result).map((m) => ({
    model: m.model,
    op: m.overall.op,
    usable: m.overall.usable,
    questions: m.overall.questions,
    noValidScore: m.overall.noValidScore,
    ci: m.overall.ci,
    categories: Object.fromEntries(Object.entries(m.categories).map(([c, cell]) => [c, { usability: cell.usability, usable: cell.usable, questions: cell.questions }])),
    invalid: { invalid: m.invalid.invalid, records: m.invalid.records, rate: m.invalid.rate },
  }));
}

/**
 * Builds a campaign's summary and question lists from its read models with the report's aggregation
 * (scoring/aggregate, the campaign's thresholds and panel rule) over the verdicts that count
 * (`selectCurrentRecords`), so its OP per model is the report's. Stores them by `_id`.
 */
export async function buildExplorerSummary(db: Db, campaignId: string, loaded?: LoadedCampaign): Promise<ExplorerSummaryDoc> {
  const started = Date.now();
  // read first: writes that land while this builds leave the summary stale, to be built again
  const writes = await explorerWrites(db, campaignId);
  const doc = loaded ?? (await loadCampaign(db, campaignId));
  const versionsNow = await loadJudgingVersions(db, doc);
  const { planned, baseTemplates, layers } = versionsNow;
  const byId = new Map(planned.map((q) => [q.id, q]));
  const facts = factsOf(await campaignFacts(db, campaignId), byId);
  const records = selectCurrentRecords(facts.records, baseTemplates, layers);
  const options = campaignAggregateOptions(doc.config, planned);
  const result = aggregateScores(records, options);
  const versions = new Map(facts.records.map((r) => [JSON.stringify([r.category, r.templateVersion, r.checklistVersion ?? 0]), { category: r.category, templateVersion: r.templateVersion ?? '', checklistVersion: r.checklistVersion ?? 0 }]));
  const models = [...new Set([...result.models.map((m) => m.model), ...doc.config.models.map(participantId)])].sort();
  const rows = questionRows({
    questions: planned,
    records,
    models,
    threshold: (q) => options.categoryThresholds?.[q.category] ?? result.threshold,
    ...(options.panelRule ? { panelRule: options.panelRule } : {}),
    failedAnswers: facts.failedAnswers,
    reviews: facts.reviews,
  });
  const [charts, refinements] = await Promise.all([renderCharts(result), compareRefinements(db, campaignId, { campaign: doc, scores: { ...versionsNow, records, allRecords: facts.records } })]);
  const summary: ExplorerSummary = {
    campaignId,
    status: doc.status,
    datasetId: doc.datasetId,
    models,
    categories: result.categoryOrder,
    threshold: result.threshold,
    categoryThresholds: result.categoryThresholds,
    leaderboard: leaderboard(result),
    counts: {
      questions: planned.length,
      generations: facts.generations,
      failedGenerations: facts.failedAnswers.length,
      judgements: facts.records.length,
      failedJudgements: facts.failedJudgements,
      currentJudgements: records.length,
      invalid: records.filter((r) => r.score === null).length,
      reviews: facts.reviews.length,
    },
    perCategory: categoryCounts(rows),
    versions: [...versions.values()],
    charts: { usabilitySvg: charts.usabilitySvg, scoresSvg: charts.scoresSvg },
    refinements,
  };
  const lists: ExplorerListDoc[] = result.categoryOrder.map((category) => ({ _id: explorerListId(campaignId, category), campaignId, category, builtFromWrites: writes, rows: rows.filter((r) => r.category === category).map(packRow) }));
  const built: ExplorerSummaryDoc = { _id: campaignId, builtFromWrites: writes, builtAt: new Date(), buildMs: Date.now() - started, summary };
  await saveExplorerSummary(db, built, lists);
  return built;
}

/**
 * The explorer's read models of a campaign rebuilt from its stored results and reviews, then its summary: for
 * campaigns stored before the explorer existed, and as a check that the write path kept them right.
 */
export async function rebuildExplorer(db: Db, campaignId: string): Promise<{ facts: number; summary: ExplorerSummaryDoc }> {
  const doc = await loadCampaign(db, campaignId);
  const facts = await rebuildExplorerFacts(db, campaignId, await campaignReviewFacts(db, campaignId));
  return { facts, summary: await buildExplorerSummary(db, campaignId, doc) };
}

/**
 * Serves summaries cheaply: the stored one when the campaign's write counter has not moved since it was built;
 * otherwise the stored one still, while one rebuild runs in the background (at most one per campaign at a time,
 * spaced by twice the last build's time so that a running campaign's builds take at most a third of the time); and
 * a build in the request only when none exists yet.
 */
export class ExplorerSummaries {
  private readonly building = new Map<string, Promise<ExplorerSummaryDoc>>();
  private readonly lastBuild = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  private build(campaignId: string): Promise<ExplorerSummaryDoc> {
    let running = this.building.get(campaignId);
    if (!running) {
      running = buildExplorerSummary(this.db, campaignId).finally(() => {
        this.building.delete(campaignId);
        this.lastBuild.set(campaignId, Date.now());
      });
      this.building.set(campaignId, running);
    }
    return running;
  }

  /** The summary to serve now, and whether newer results are still being taken in. */
  async get(campaignId: string): Promise<{ doc: ExplorerSummaryDoc; stale: boolean }> {
    const [stored, writes] = await Promise.all([loadExplorerSummary(this.db, campaignId), explorerWrites(this.db, campaignId)]);
    if (!stored) return { doc: await this.build(campaignId), stale: false };
    const stale = stored.builtFromWrites < writes;
    const since = Date.now() - (this.lastBuild.get(campaignId) ?? 0);
    if (stale && !this.building.has(campaignId) && since >= Math.max(1_000, 2 * stored.buildMs)) this.build(campaignId).catch(this.onError);
    return { doc: stored, stale };
  }

  /** Waits for a background build, if one runs (tests, benchmarks). */
  async settled(campaignId: string): Promise<void> {
    await this.building.get(campaignId)?.catch(() => undefined);
  }
}

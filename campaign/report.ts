import type { Db } from 'mongodb';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { pathInside } from '../lib/inside-folder.js';
import { checkId } from '../config/ids.js';
import type { CampaignConfig } from '../config/campaign.js';
import type { Question } from '../dataset/schema.js';
import { aggregateScores, type AggregateOptions, type AggregateResult } from '../scoring/aggregate/aggregate.js';
import type { BootstrapOptions } from '../scoring/bootstrap.js';
import { categoryThresholds } from '../scoring/judge-modes/index.js';
import { renderReport, type ReportFiles } from '../scoring/report/bundle.js';
import type { ReportContext } from '../scoring/report/context.js';
import type { ModelOp } from '../store/campaign-docs.js';
import { costRowsOfParts, type CostRow } from '../scoring/report/cost.js';
import { hasSimulatedResults, loadCostRows, loadFailureCounts, type FailureCount } from '../store/campaign-records.js';
import { collections } from '../store/collections.js';
import { loadCampaign, type LoadedCampaign } from './context.js';
import { explorerQuestionsUrl, explorerUrl } from './explorer-links.js';
import { loadSettings } from '../config/settings.js';
import { loadCurrentScores, type CurrentScores } from './current-scores.js';
import { pagedReportInputs } from './report-pages.js';
import { failureRows } from './failure-table.js';
import { compareRefinements } from './refinement-compare.js';
import { latestReviewWithSubmissions, reviewAgreement } from './review-agreement.js';
import { describeSelfJudging, selfJudgingPairs } from './self-judging.js';

export interface CampaignReportSummary {
  models: ModelOp[];
  /** calls without a result, attempted and failed or never attempted */
  failures: { failed: number; skipped: number };
  simulated: boolean;
  /** built from pages: how many were read, and how many were missing or stale and folded again (0 after a finished run) */
  pages?: { read: number; refolded: number };
}

export interface CampaignReport extends CampaignReportSummary {
  files: ReportFiles;
  result: AggregateResult;
}

/**
 * Where a report's inputs come from: the report pages (per-question aggregates kept as results are stored, read by
 * `_id`), or scans of the raw collections (every judgement and generation of the campaign; what reports read before
 * pages, kept to check them against).
 */
export type ReportSource = 'pages' | 'scans';

interface ReportInputs {
  scores: CurrentScores;
  stored: FailureCount[];
  simulated: boolean;
  cost: CostRow[];
  pages?: { read: number; refolded: number };
}

async function fromPages(db: Db, doc: LoadedCampaign): Promise<ReportInputs> {
  const { scores, paged } = await pagedReportInputs(db, doc);
  return { scores, stored: paged.data.failures, simulated: paged.data.simulated, cost: costRowsOfParts(paged.data.cost), pages: { read: paged.pages, refolded: paged.refolded } };
}

async function fromScans(db: Db, doc: LoadedCampaign): Promise<ReportInputs> {
  const [scores, stored, simulated, cost] = await Promise.all([loadCurrentScores(db, doc), loadFailureCounts(db, doc._id), hasSimulatedResults(db, doc._id), loadCostRows(db, doc._id)]);
  return { scores, stored, simulated, cost };
}

/** The report's links into the explorer: the campaign, each category's questions, and where judges and physicians disagree. */
function explorerLinks(publicUrl: string, campaignId: string, categories: readonly string[]): { label: string; url: string }[] {
  return [
    { label: 'campaign', url: explorerUrl(publicUrl, campaignId) },
    ...categories.map((c) => ({ label: `${c} questions`, url: explorerQuestionsUrl(publicUrl, campaignId, `?category=${encodeURIComponent(c)}`) })),
    { label: 'judge rounds flip', url: explorerQuestionsUrl(publicUrl, campaignId, '?disagreement=rounds') },
    { label: 'physician disagrees', url: explorerQuestionsUrl(publicUrl, campaignId, '?disagreement=physicians') },
  ];
}

/** How a campaign's scores are aggregated (its questions, thresholds, panel rule): the report's and the explorer's alike. */
export function campaignAggregateOptions(config: CampaignConfig, planned: readonly Question[]): AggregateOptions {
  const categories = [...new Set(planned.map((q) => q.category))];
  return {
    questions: planned,
    threshold: config.threshold,
    categoryThresholds: categoryThresholds(categories, config.judging),
    ...(config.judges.length > 1 ? { panelRule: config.judging.panelRule } : {}),
  };
}

/**
 * Aggregates a campaign's stored scores (the scoring module's definition) under the template versions it judges
 * with now, with its failed and skipped calls, and renders every report format. Nothing is written anywhere. When
 * the campaign has a review with submissions (the latest created), its agreement is a section of every format.
 */
export async function buildCampaignReport(db: Db, campaignId: string, bootstrap: Partial<BootstrapOptions> = {}, publicUrl = loadSettings().publicUrl, from: ReportSource = 'pages'): Promise<CampaignReport> {
  const doc = await loadCampaign(db, campaignId);
  const { config } = doc;
  const { scores, stored, simulated, cost, pages } = from === 'pages' ? await fromPages(db, doc) : await fromScans(db, doc);
  const { planned, templates, records } = scores;
  const result = aggregateScores(records, { ...campaignAggregateOptions(config, planned), bootstrap });
  const reviewId = await latestReviewWithSubmissions(db, campaignId);
  // the same bootstrap settings as the aggregate's intervals, so one --seed reproduces the whole report
  const agreement = reviewId ? await reviewAgreement(db, reviewId, { bootstrap }) : undefined;
  const refinements = await compareRefinements(db, campaignId, { campaign: doc, scores });
  const failures = failureRows(stored, config.judges.length * config.judgeRounds);
  const [datasetName, datasetVersion] = doc.datasetId.split('@') as [string, string];
  const context: ReportContext = {
    title: `${simulated ? 'SIMULATED — ' : ''}Campaign ${campaignId} (${doc.status})`,
    datasetName,
    datasetVersion,
    templates: templates.map((t) => ({ id: t.id, version: t.version })),
    judgeModels: config.judges.map((j) => `${j.id ?? j.profile} (${doc.profiles[j.profile]?.model ?? j.profile})`),
    failures,
    cost,
    selfJudging: selfJudgingPairs(config, doc.profiles).map(describeSelfJudging),
    ...(agreement ? { agreement } : {}),
    ...(publicUrl ? { explorer: explorerLinks(publicUrl, campaignId, result.categoryOrder) } : {}),
    ...(refinements.length > 0 ? { refinements } : {}),
  };
  const files = await renderReport(result, context, { campaign: { id: campaignId, status: doc.status, configHash: doc.configHash }, simulated, failures });
  const models = result.models.map((m) => ({ model: m.model, op: m.overall.op, usable: m.overall.usable, questions: m.overall.questions }));
  const sum = (outcome: 'failed' | 'skipped') => failures.filter((f) => f.outcome === outcome).reduce((n, f) => n + f.count, 0);
  return { files, result, models, failures: { failed: sum('failed'), skipped: sum('skipped') }, simulated, ...(pages ? { pages } : {}) };
}

/** Builds the report and stores it in MongoDB, where any machine can fetch it; the campaign list shows its OP per model. */
export async function storeCampaignReport(db: Db, campaignId: string): Promise<CampaignReportSummary> {
  const report = await buildCampaignReport(db, campaignId);
  await saveCampaignReport(db, campaignId, report);
  return { models: report.models, failures: report.failures, simulated: report.simulated, ...(report.pages ? { pages: report.pages } : {}) };
}

/** Stores a built report as the campaign's latest. */
export async function saveCampaignReport(db: Db, campaignId: string, report: CampaignReport): Promise<void> {
  const generatedAt = new Date();
  const { reports, campaigns } = collections(db);
  await reports.replaceOne({ _id: campaignId }, { campaignId, files: Object.entries(report.files).map(([name, text]) => ({ name, text })), models: report.models, generatedAt }, { upsert: true });
  await campaigns.updateOne({ _id: campaignId }, { $set: { report: { models: report.models, generatedAt } } });
}

export interface StoredReport {
  campaignId: string;
  files: ReportFiles;
  models: ModelOp[];
  generatedAt: Date;
}

export async function storedReport(db: Db, campaignId: string): Promise<StoredReport> {
  const doc = await collections(db).reports.findOne({ _id: campaignId });
  if (!doc) throw new Error(`campaign ${campaignId} has no stored report yet (it is written when the campaign ends; \`medeval report --campaign ${campaignId}\` builds one now)`);
  return { campaignId: doc.campaignId, files: Object.fromEntries(doc.files.map((f) => [f.name, f.text])), models: doc.models, generatedAt: doc.generatedAt };
}

/** Where a campaign's report files go by default: its own folder under `base`, never outside it. */
export const campaignReportDir = (base: string, campaignId: string): string => pathInside(base, checkId('campaign id', campaignId));

/** Writes report files into a folder (each atomically); returns their paths. */
export async function writeReportFiles(files: ReportFiles, dir: string, names: readonly string[] = Object.keys(files)): Promise<string[]> {
  const written: string[] = [];
  for (const name of names) {
    const file = pathInside(dir, name);
    await writeFileAtomically(file, files[name] ?? '');
    written.push(file);
  }
  return written;
}

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from 'mongodb';
import { PROJECT_ROOT } from '../config/settings.js';
import { planConversations } from '../dataset/conversations.js';
import { aggregateScores, type AggregateResult } from '../scoring/aggregate/aggregate.js';
import { MTG_USABLE_THRESHOLD } from '../scoring/mtg-total.js';
import type { ReportContext } from '../scoring/report/context.js';
import { csvReport } from '../scoring/report/csv.js';
import { jsonReport } from '../scoring/report/json.js';
import { writeFileAtomically, writeMarkdownWithCharts } from '../scoring/report/write-files.js';
import { campaignCollections } from '../store/campaign-docs.js';
import { hasSimulatedResults, loadFailureCounts, loadScoreRecords, loadTemplatesUsed, type FailureCount } from '../store/campaign-records.js';
import { loadQuestions } from '../store/datasets.js';

export interface CampaignReportSummary {
  dir: string;
  files: string[];
  models: { model: string; op: number; usable: number; questions: number }[];
  failures: number;
  simulated: boolean;
}

function failureSection(failures: readonly FailureCount[]): string {
  if (failures.length === 0) return '\n## Failed calls\n\nNone: every planned call was answered.\n';
  const rows = failures.map((f) => `| ${f.model} | ${f.stage} | ${f.kind} | ${f.count} |`);
  return ['', '## Failed calls', '', 'Recorded with their reason and never retried again; their questions have fewer (or no) valid scores.', '', '| model | stage | kind | count |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}

/** Aggregates a campaign's stored scores (the scoring module's definition) and writes its reports. */
export async function buildCampaignReport(db: Db, campaignId: string, reportsDir: string): Promise<CampaignReportSummary & { result: AggregateResult }> {
  const campaign = await campaignCollections(db).campaigns.findOne({ _id: campaignId });
  if (!campaign) throw new Error(`campaign ${campaignId} does not exist`);
  const { config } = campaign;
  const questions = await loadQuestions(db, campaign.datasetId);
  const planned = new Set(planConversations(questions, config.filters).flatMap((c) => c.questionIds));
  const records = await loadScoreRecords(db, campaignId);
  const result = aggregateScores(records, {
    questions: questions.filter((q) => planned.has(q.id)),
    threshold: config.threshold,
    ...(config.judges.length > 1 ? { panelRule: config.judging.panelRule } : {}),
    ...(config.judging.mtgMode === 'dimensions' ? { categoryThresholds: { MTG: MTG_USABLE_THRESHOLD } } : {}),
  });
  const [failures, simulated] = await Promise.all([loadFailureCounts(db, campaignId), hasSimulatedResults(db, campaignId)]);
  const [datasetName, datasetVersion] = campaign.datasetId.split('@') as [string, string];
  const context: ReportContext = {
    title: `${simulated ? 'SIMULATED — ' : ''}Campaign ${campaignId} (${campaign.status})`,
    datasetName,
    datasetVersion,
    templates: await loadTemplatesUsed(db, campaignId),
    judgeModels: config.judges.map((j) => `${j.id ?? j.profile} (${campaign.profiles[j.profile]?.model ?? j.profile})`),
  };

  const dir = path.resolve(reportsDir, campaignId);
  await mkdir(dir, { recursive: true });
  const files = {
    md: path.join(dir, 'report.md'),
    csv: path.join(dir, 'report.csv'),
    json: path.join(dir, 'report.json'),
  };
  const json = { ...jsonReport(result, context), campaign: { id: campaignId, status: campaign.status, configHash: campaign.configHash }, simulated, failures };
  const written = await writeMarkdownWithCharts(files.md, result, context, failureSection(failures));
  await writeFileAtomically(files.csv, csvReport(result));
  await writeFileAtomically(files.json, `${JSON.stringify(json, null, 2)}\n`);

  const summary: CampaignReportSummary = {
    dir,
    files: [...written, files.csv, files.json],
    models: result.models.map((m) => ({ model: m.model, op: m.overall.op, usable: m.overall.usable, questions: m.overall.questions })),
    failures: failures.reduce((n, f) => n + f.count, 0),
    simulated,
  };
  const generatedAt = new Date();
  await campaignCollections(db).reports.replaceOne(
    { _id: campaignId },
    { campaignId, dir, files: summary.files, summary: summary.models, generatedAt },
    { upsert: true },
  );
  await campaignCollections(db).campaigns.updateOne(
    { _id: campaignId },
    { $set: { report: { dir, op: summary.models[0]?.op ?? 0, generatedAt } } },
  );
  return { ...summary, result };
}

export const DEFAULT_REPORTS_DIR = path.join(PROJECT_ROOT, 'out', 'reports');

export function createReportActivities(deps: { db: Db; reportsDir?: string | undefined }) {
  return {
    async writeCampaignReport(input: { campaignId: string }): Promise<CampaignReportSummary> {
      const { result: _result, ...summary } = await buildCampaignReport(deps.db, input.campaignId, deps.reportsDir ?? DEFAULT_REPORTS_DIR);
      return summary;
    },
  };
}

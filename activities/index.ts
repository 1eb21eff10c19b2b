import type { Db } from 'mongodb';
import { runBatch, type RunBatchInput } from '../campaign/batch-run.js';
import { CampaignContexts } from '../campaign/context.js';
import { datasetSummary } from '../campaign/datasets.js';
import { recordGenerationFailure, recordJudgementFailure, setCampaignStatus, type FailureInput } from '../campaign/failure-records.js';
import { generateAnswer, type GenerateInput } from '../campaign/generate.js';
import { generationKey } from '../campaign/keys.js';
import { judgeAnswer, type JudgeInput } from '../campaign/judge.js';
import { buildPlan, campaignConversations } from '../campaign/plan.js';
import { ProviderPool } from '../campaign/provider-pool.js';
import { RateGates } from '../campaign/rate-gates.js';
import { storeCampaignReport } from '../campaign/report.js';
import { foldCampaignReportPage, refinementReportPages } from '../campaign/report-pages.js';
import { reviewMemo } from '../campaign/review-memo.js';
import { openReviewPhase } from '../campaign/review-phase.js';
import { loadReviewPlan, setReviewStatus } from '../campaign/review-plan.js';
import { sendReviewReminders } from '../campaign/review-reminders.js';
import { refinementPage, refinementRun, setRefinementStatus } from '../campaign/rejudge-run.js';
import { RunControl } from '../campaign/run-control.js';
import { campaignRunStatus, startScheduledCampaign } from '../campaign/schedules.js';
import type { ServiceContext } from '../campaign/start.js';
import type { CampaignStatus } from '../store/campaign-docs.js';
import type { RefinementStatus } from '../store/refinement-docs.js';
import type { ReviewDoc } from '../store/review-docs.js';
import { asActivity, callContext, type CallMetrics } from './as-activity.js';

export interface ActivityDeps {
  db: Db;
  /** where API keys are read from (never passed through Temporal) */
  env?: NodeJS.ProcessEnv;
  /** the process's share of the profiles' budgets (workers give theirs, which sets the queues' rates) */
  gates?: RateGates;
  /** a Temporal client for the activities that start or look at workflows (scheduled campaigns), connected when first needed */
  temporal?: () => Promise<Omit<ServiceContext, 'db'>>;
  /** counts paid calls for a metrics endpoint */
  metrics?: CallMetrics;
}

/**
 * Every activity the workers register: thin adapters from Temporal to the service layer (campaign/), built from
 * their dependencies (no globals, so tests can wire their own). Texts stay in MongoDB; inputs and results are ids
 * and counts.
 */
export function createActivities(deps: ActivityDeps) {
  const contexts = new CampaignContexts(deps.db);
  const steps = { db: deps.db, contexts, providers: new ProviderPool(deps.env), gates: deps.gates ?? new RateGates(deps.db), control: new RunControl(deps.db) };
  const temporal = async () => {
    if (!deps.temporal) throw new Error('this worker has no Temporal client for its activities');
    return { db: deps.db, ...(await deps.temporal()) };
  };
  return {
    generate: (input: GenerateInput) => asActivity(generationKey(input.campaignId, input.modelId, input.questionId, input.sample), () => generateAnswer(steps, callContext(deps.metrics, 'generate'), input)),
    runBatch: (input: RunBatchInput) => asActivity(`batch of ${input.items.length} (attempt ${input.attempt})`, () => runBatch(steps, callContext(), input)),
    judge: (input: JudgeInput) => asActivity(`${input.generationKey} judged by ${input.judgeId} r${input.judgeRound}${input.refinementId ? ` for ${input.refinementId}` : ''}`, () => judgeAnswer(steps, callContext(deps.metrics, 'judge'), input)),
    loadPlan: (input: { campaignId: string }) => asActivity(undefined, () => buildPlan(deps.db, contexts, input.campaignId)),
    listConversations: (input: { campaignId: string; offset: number; limit: number }) =>
      asActivity(undefined, async () => (await campaignConversations(contexts, input.campaignId)).slice(input.offset, input.offset + input.limit)),
    setCampaignStatus: (input: { campaignId: string; status: CampaignStatus; error?: string }) => asActivity(undefined, () => setCampaignStatus(deps.db, input)),
    recordGenerationFailure: (input: GenerateInput & FailureInput) => asActivity(undefined, () => recordGenerationFailure(steps, input)),
    recordJudgementFailure: (input: JudgeInput & FailureInput) => asActivity(undefined, () => recordJudgementFailure(steps, input)),
    writeCampaignReport: (input: { campaignId: string }) => asActivity(undefined, () => storeCampaignReport(deps.db, input.campaignId)),
    foldReportPage: (input: { campaignId: string; modelId: string; page: number }) => asActivity(undefined, () => foldCampaignReportPage(deps.db, input)),
    refinementReportPages: (input: { campaignId: string; refinementId: string }) => asActivity(undefined, () => refinementReportPages(deps.db, input)),
    refinementRun: (input: { campaignId: string; refinementId: string }) => asActivity(undefined, () => refinementRun(deps.db, contexts, input)),
    refinementPage: (input: { refinementId: string; page: number }) => asActivity(undefined, () => refinementPage(deps.db, input)),
    setRefinementStatus: (input: { refinementId: string; status: RefinementStatus; judged: number; failed: number }) => asActivity(undefined, () => setRefinementStatus(deps.db, input)),
    summarizeDataset: (input: { name: string; version?: number }) => asActivity(undefined, () => datasetSummary(deps.db, input)),
    loadReviewPlan: (input: { reviewId: string }) => asActivity(undefined, () => loadReviewPlan(deps.db, input.reviewId)),
    setReviewStatus: (input: { reviewId: string; status: ReviewDoc['status'] }) => asActivity(undefined, () => setReviewStatus(deps.db, input)),
    openReviewPhase: (input: { campaignId: string }) => asActivity(undefined, () => openReviewPhase(deps.db, input.campaignId)),
    reviewMemo: (input: { reviewId: string }) => asActivity(undefined, () => reviewMemo(deps.db, input.reviewId)),
    startScheduledCampaign: (input: { scheduleId: string; nominalTime: string }) => asActivity(undefined, async () => startScheduledCampaign(await temporal(), input)),
    campaignRunStatus: (input: { campaignId: string }) => asActivity(undefined, async () => campaignRunStatus(await temporal(), input.campaignId)),
    sendReviewReminders: (input: { reviewId: string }) =>
      asActivity(undefined, () => sendReviewReminders(deps.db, { reviewId: input.reviewId, ...(deps.env?.MEDEVAL_PUBLIC_URL ? { publicUrl: deps.env.MEDEVAL_PUBLIC_URL } : {}) })),
  };
}

export type Activities = ReturnType<typeof createActivities>;

import type { Db } from 'mongodb';
import type { BatchDoc, BatchKeyDoc, ProviderBatchDoc } from './batch-docs.js';
import type { CampaignDoc, GenerationDoc, JudgementDoc, ProviderLimitsDoc, ReportDoc } from './campaign-docs.js';
import type { DatasetDoc, QuestionDoc } from './dataset-docs.js';
import type { ChecklistVersionDoc, JudgeTemplateDoc, RefinementDoc, RefinementTargetsDoc } from './refinement-docs.js';
import type { TeamAccessDoc, TeamMemberDoc } from './team-docs.js';
import type { ScheduleDoc } from './schedule-docs.js';
import type { VersionDoc } from './version-chain.js';
import type { InviteDoc, ReviewAssignmentDoc, ReviewDoc, ReviewerDoc, ReviewItemDoc, ReviewSessionDoc, ReviewSubmissionDoc } from './review-docs.js';

/** Every collection medeval keeps, typed: the one place their names are written. */
export const collections = (db: Db) => ({
  datasets: db.collection<DatasetDoc>('datasets'),
  questions: db.collection<QuestionDoc>('questions'),
  campaigns: db.collection<CampaignDoc>('campaigns'),
  generations: db.collection<GenerationDoc>('generations'),
  judgements: db.collection<JudgementDoc>('judgements'),
  providerLimits: db.collection<ProviderLimitsDoc>('provider_limits'),
  /** shared rate budgets per provider profile: versions of each profile's state (`VersionChain`) */
  rateBudgets: db.collection<VersionDoc<unknown>>('rate_budgets'),
  reports: db.collection<ReportDoc>('reports'),
  reviews: db.collection<ReviewDoc>('reviews'),
  reviewItems: db.collection<ReviewItemDoc>('review_items'),
  reviewers: db.collection<ReviewerDoc>('reviewers'),
  reviewInvites: db.collection<InviteDoc>('review_invites'),
  reviewSessions: db.collection<ReviewSessionDoc>('review_sessions'),
  reviewAssignments: db.collection<ReviewAssignmentDoc>('review_assignments'),
  reviewSubmissions: db.collection<ReviewSubmissionDoc>('review_submissions'),
  checklistVersions: db.collection<ChecklistVersionDoc>('checklist_versions'),
  refinements: db.collection<RefinementDoc>('refinements'),
  refinementTargets: db.collection<RefinementTargetsDoc>('refinement_targets'),
  judgeTemplates: db.collection<JudgeTemplateDoc>('judge_templates'),
  teamMembers: db.collection<TeamMemberDoc>('team_members'),
  teamInvites: db.collection<TeamAccessDoc>('team_invites'),
  teamSessions: db.collection<TeamAccessDoc>('team_sessions'),
  schedules: db.collection<ScheduleDoc>('schedules'),
  batches: db.collection<BatchDoc>('batches'),
  batchKeys: db.collection<BatchKeyDoc>('batch_keys'),
  providerBatches: db.collection<ProviderBatchDoc>('provider_batches'),
});

import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { configHash, loadCampaignConfig, type CampaignConfig } from '../config/campaign.js';
import { checkId } from '../config/ids.js';
import { filterProblems } from '../dataset/conversations.js';
import type { Settings } from '../config/settings.js';
import { getProfile, loadProfiles, profilesFileFrom, type ProviderProfile } from '../providers/profiles.js';
import type { CampaignDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { getDataset, loadQuestions } from '../store/datasets.js';
import { ensureSearchAttributes } from './temporal.js';
import type { CampaignInput, campaignWorkflow } from '../workflows/campaign.js';
import { extendSignal } from '../workflows/messages.js';
import { CampaignIdAttr, DatasetAttr, ProgressAttr, StatusAttr } from '../workflows/search-attributes.js';
import { explorerUrl } from './explorer-links.js';
import { ORCHESTRATION_QUEUE } from './keys.js';
import { applyQueueRate, queueRateSetter } from './queue-rate.js';
import { campaignQueues, unpolledQueues } from './queues.js';
import { describeSelfJudging, selfJudgingPairs } from './self-judging.js';
import { snapshotSettings, type CampaignSettings } from './settings-snapshot.js';

export interface ResolvedConfig {
  config: CampaignConfig;
  file: string;
  profiles: Record<string, ProviderProfile>;
  /** taken as is when given (a schedule's, snapshotted when it was created); else snapshotted at start */
  settings?: CampaignSettings;
}

/** Reads a campaign config and the profiles it names; every referenced profile must exist. */
export async function resolveCampaignConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConfig> {
  const config = await loadCampaignConfig(file);
  const profilesFile = config.profiles ? path.resolve(path.dirname(file), config.profiles) : profilesFileFrom(undefined, env);
  const set = await loadProfiles(profilesFile);
  const profiles: Record<string, ProviderProfile> = {};
  for (const p of [...config.models, ...config.judges]) profiles[p.profile] = getProfile(set, p.profile);
  const self = selfJudgingPairs(config, profiles);
  if (self.length > 0 && !config.allowSelfJudging) {
    throw new Error(
      `${file}: judges: ${self.map(describeSelfJudging).join('; ')}: a judge grading its own answers favours them; use another judge, or set allowSelfJudging: true (the report will say so)`,
    );
  }
  return { config, file: path.resolve(file), profiles };
}

export interface ServiceContext {
  db: Db;
  client: Client;
  settings: Pick<Settings, 'temporalNamespace' | 'temporalUiUrl'> & Partial<Pick<Settings, 'publicUrl'>>;
}

export const uiLink = (settings: Pick<Settings, 'temporalUiUrl' | 'temporalNamespace'>, workflowId: string) =>
  `${settings.temporalUiUrl}/namespaces/${settings.temporalNamespace}/workflows/${encodeURIComponent(workflowId)}`;

function timestampId(name: string, now = new Date()): string {
  return `${name}-${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
}

/** How long a just-started campaign's queues may take to get their pollers (a running worker discovers them). */
const POLLER_GRACE_MS = 8_000;

/** Queues still without a poller after a short grace: a running worker serves a new campaign's profiles within seconds. */
async function waitForPollers(ctx: ServiceContext, profiles: readonly string[]): Promise<string[]> {
  const deadline = Date.now() + POLLER_GRACE_MS;
  for (;;) {
    const warnings = (await unpolledQueues(ctx.client, ctx.settings.temporalNamespace, campaignQueues(profiles))).map((u) => u.warning);
    if (warnings.length === 0 || Date.now() > deadline) return warnings;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A new campaign's document: its config, the settings snapshot (profiles without keys, judge templates' texts), running. */
export async function newCampaignDoc(resolved: ResolvedConfig, campaignId: string, datasetId: string, now = new Date()): Promise<CampaignDoc> {
  return {
    _id: campaignId,
    config: resolved.config,
    configHash: configHash(resolved.config),
    configFile: resolved.file,
    ...(resolved.settings ?? (await snapshotSettings(resolved.config, resolved.profiles, resolved.file))),
    datasetId,
    status: 'running',
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Stores the campaign (config, and its settings snapshot: profiles without keys, judge templates' texts) and
 * starts its workflow; the workflow id is the campaign id. Says which queues no worker polls, if any.
 */
export async function startCampaign(ctx: ServiceContext & { resolved: ResolvedConfig; campaignId?: string }): Promise<{ campaignId: string; uiUrl: string; warnings: string[] }> {
  const { config } = ctx.resolved;
  const campaignId = checkId('campaign id', ctx.campaignId ?? timestampId(config.name));
  const dataset = await getDataset(ctx.db, config.dataset.name, config.dataset.version);
  const problems = filterProblems(await loadQuestions(ctx.db, dataset._id), config.filters);
  if (problems.length > 0) throw new Error(problems.map((p) => `${ctx.resolved.file}: ${p}`).join('\n'));
  if (config.answersFrom && !(await collections(ctx.db).campaigns.findOne({ _id: config.answersFrom.campaign }))) {
    throw new Error(`${ctx.resolved.file}: answersFrom.campaign: campaign ${config.answersFrom.campaign} does not exist`);
  }
  const doc = await newCampaignDoc(ctx.resolved, campaignId, dataset._id);
  await collections(ctx.db).campaigns.insertOne(doc).catch((err: { code?: number }) => {
    throw err.code === 11000 ? new Error(`campaign ${campaignId} already exists; use \`medeval campaign extend\` to grow it`) : err;
  });
  // a campaign whose workflow did not start must not stay behind as "running" (start would say it exists)
  await startWorkflow(ctx, doc).catch(async (err: unknown) => {
    await collections(ctx.db).campaigns.deleteOne({ _id: campaignId });
    throw new Error(`campaign ${campaignId} was not started: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  return { campaignId, uiUrl: uiLink(ctx.settings, campaignId), warnings: await waitForPollers(ctx, Object.keys(doc.profiles)) };
}

async function startWorkflow(ctx: ServiceContext, doc: CampaignDoc): Promise<void> {
  await ensureSearchAttributes(ctx.client, ctx.settings.temporalNamespace);
  // each profile's queue gets its rate before the first call is dispatched (workers keep it current from then on)
  const setRate = queueRateSetter(ctx.client.workflowService, ctx.settings.temporalNamespace, 'medeval campaign start');
  await Promise.all(Object.keys(doc.profiles).map((profile) => applyQueueRate(ctx.db, setRate, profile)));
  await ctx.client.workflow.start<typeof campaignWorkflow>('campaignWorkflow', campaignWorkflowOptions(doc, { campaignId: doc._id, datasetName: doc.datasetId }, ctx.settings.publicUrl));
}

/** How a campaign's workflow is started (id, queue, search attributes, memo: with the web app's public URL, the explorer's link), whatever its input. */
export function campaignWorkflowOptions(doc: CampaignDoc, input: CampaignInput, publicUrl?: string) {
  const { config } = doc;
  return {
    workflowId: doc._id,
    taskQueue: ORCHESTRATION_QUEUE,
    args: [input] as [CampaignInput],
    typedSearchAttributes: [
      { key: CampaignIdAttr, value: doc._id },
      { key: DatasetAttr, value: doc.datasetId },
      { key: StatusAttr, value: 'running' },
      { key: ProgressAttr, value: 0 },
    ],
    memo: {
      config: {
        hash: doc.configHash,
        settings: doc.settingsHash ?? null,
        dataset: doc.datasetId,
        models: config.models.map((m) => m.id ?? m.profile),
        judges: config.judges.map((j) => j.id ?? j.profile),
        samples: config.samples,
        judgeRounds: config.judgeRounds,
        answersFrom: config.answersFrom?.campaign ?? null,
      },
      ...(publicUrl ? { explorer: explorerUrl(publicUrl, doc._id) } : {}),
    },
  };
}

/**
 * Grows a campaign (more models, samples, judges or judge rounds) with a new config for the same dataset, taking
 * the new config's settings explicitly. A running campaign gets a signal and runs another pass; a finished one runs
 * again under the same id. Either way stored results are found by their keys, so nothing is paid for again.
 */
export async function extendCampaign(ctx: ServiceContext & { campaignId: string; resolved: ResolvedConfig }): Promise<{ how: 'signalled' | 'restarted'; warnings: string[] }> {
  const { campaigns } = collections(ctx.db);
  checkId('campaign id', ctx.campaignId);
  const existing = await campaigns.findOne({ _id: ctx.campaignId });
  if (!existing) throw new Error(`campaign ${ctx.campaignId} does not exist`);
  const { config } = ctx.resolved;
  const dataset = await getDataset(ctx.db, config.dataset.name, config.dataset.version);
  if (dataset._id !== existing.datasetId) {
    throw new Error(`${ctx.resolved.file}: dataset: campaign ${ctx.campaignId} runs on ${existing.datasetId}, not ${dataset._id}`);
  }
  const doc: CampaignDoc = {
    ...existing,
    config,
    configHash: configHash(config),
    configFile: ctx.resolved.file,
    ...(await snapshotSettings(config, { ...existing.profiles, ...ctx.resolved.profiles }, ctx.resolved.file)),
    updatedAt: new Date(),
  };
  const handle = ctx.client.workflow.getHandle(ctx.campaignId);
  const running = (await handle.describe().catch(() => undefined))?.status.name === 'RUNNING';
  await campaigns.replaceOne({ _id: ctx.campaignId }, running ? doc : { ...doc, status: 'running' });
  if (running) await handle.signal(extendSignal);
  else await startWorkflow(ctx, doc);
  return { how: running ? 'signalled' : 'restarted', warnings: await waitForPollers(ctx, Object.keys(doc.profiles)) };
}

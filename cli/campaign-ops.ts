import path from 'node:path';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Db } from 'mongodb';
import { configHash, loadCampaignConfig, type CampaignConfig } from '../config/campaign.js';
import type { Settings } from '../config/settings.js';
import { getProfile, loadProfiles, profilesFileFrom, type ProviderProfile } from '../providers/profiles.js';
import { campaignCollections, type CampaignDoc } from '../store/campaign-docs.js';
import { getDataset } from '../store/datasets.js';
import { ensureSearchAttributes } from '../workers/connection.js';
import { campaignWorkflow } from '../workflows/campaign.js';
import { ORCHESTRATION_QUEUE } from '../workflows/keys.js';
import { percentOf } from '../workflows/progress.js';
import { CampaignIdAttr, DatasetAttr, ProgressAttr, StatusAttr } from '../workflows/search-attributes.js';
import { cancelSignal, extendSignal, pauseSignal, progressQuery, resumeSignal, type CampaignProgress } from '../workflows/signals.js';

export interface ResolvedConfig {
  config: CampaignConfig;
  file: string;
  profiles: Record<string, ProviderProfile>;
}

/** Reads a campaign config and the profiles it names; every referenced profile must exist. */
export async function resolveCampaignConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConfig> {
  const config = await loadCampaignConfig(file);
  const profilesFile = config.profiles ? path.resolve(path.dirname(file), config.profiles) : profilesFileFrom(undefined, env);
  const set = await loadProfiles(profilesFile);
  const profiles: Record<string, ProviderProfile> = {};
  for (const p of [...config.models, ...config.judges]) profiles[p.profile] = getProfile(set, p.profile);
  return { config, file: path.resolve(file), profiles };
}

export const uiLink = (settings: Pick<Settings, 'temporalUiUrl' | 'temporalNamespace'>, workflowId: string) =>
  `${settings.temporalUiUrl}/namespaces/${settings.temporalNamespace}/workflows/${encodeURIComponent(workflowId)}`;

function timestampId(name: string, now = new Date()): string {
  return `${name}-${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
}

/** Stores the campaign (config, profile snapshots without keys) and starts its workflow; the workflow id is the campaign id. */
export async function startCampaign(input: {
  db: Db;
  client: Client;
  settings: Pick<Settings, 'temporalNamespace' | 'temporalUiUrl'>;
  resolved: ResolvedConfig;
  campaignId?: string;
}): Promise<{ campaignId: string; uiUrl: string }> {
  const { config } = input.resolved;
  const dataset = await getDataset(input.db, config.dataset.name, config.dataset.version);
  const campaignId = input.campaignId ?? timestampId(config.name);
  if (config.answersFrom && !(await campaignCollections(input.db).campaigns.findOne({ _id: config.answersFrom.campaign }))) {
    throw new Error(`${input.resolved.file}: answersFrom.campaign: campaign ${config.answersFrom.campaign} does not exist`);
  }
  const now = new Date();
  const doc: CampaignDoc = {
    _id: campaignId,
    config,
    configHash: configHash(config),
    configFile: input.resolved.file,
    profiles: input.resolved.profiles,
    datasetId: dataset._id,
    status: 'running',
    createdAt: now,
    updatedAt: now,
  };
  await campaignCollections(input.db).campaigns.insertOne(doc).catch((err: { code?: number }) => {
    throw err.code === 11000 ? new Error(`campaign ${campaignId} already exists; use \`medeval campaign extend\` to grow it`) : err;
  });
  await startWorkflow(input.client, input.settings.temporalNamespace, doc);
  return { campaignId, uiUrl: uiLink(input.settings, campaignId) };
}

async function startWorkflow(client: Client, namespace: string, doc: CampaignDoc): Promise<void> {
  await ensureSearchAttributes(client, namespace);
  const { config } = doc;
  await client.workflow.start(campaignWorkflow, {
    workflowId: doc._id,
    taskQueue: ORCHESTRATION_QUEUE,
    args: [{ campaignId: doc._id, datasetName: doc.datasetId }],
    typedSearchAttributes: [
      { key: CampaignIdAttr, value: doc._id },
      { key: DatasetAttr, value: doc.datasetId },
      { key: StatusAttr, value: 'running' },
      { key: ProgressAttr, value: 0 },
    ],
    memo: {
      config: {
        hash: doc.configHash,
        dataset: doc.datasetId,
        models: config.models.map((m) => m.id ?? m.profile),
        judges: config.judges.map((j) => j.id ?? j.profile),
        samples: config.samples,
        judgeRounds: config.judgeRounds,
        answersFrom: config.answersFrom?.campaign ?? null,
      },
    },
  });
}

/**
 * Grows a campaign (more models, samples, judges or judge rounds) with a new config for the same dataset. A running
 * campaign gets a signal and runs another pass; a finished one runs again under the same id. Either way stored
 * results are found by their keys, so nothing already paid for is paid again.
 */
export async function extendCampaign(input: { db: Db; client: Client; settings: Pick<Settings, 'temporalNamespace'>; campaignId: string; resolved: ResolvedConfig }): Promise<'signalled' | 'restarted'> {
  const { campaigns } = campaignCollections(input.db);
  const existing = await campaigns.findOne({ _id: input.campaignId });
  if (!existing) throw new Error(`campaign ${input.campaignId} does not exist`);
  const { config } = input.resolved;
  const dataset = await getDataset(input.db, config.dataset.name, config.dataset.version);
  if (dataset._id !== existing.datasetId) {
    throw new Error(`${input.resolved.file}: dataset: campaign ${input.campaignId} runs on ${existing.datasetId}, not ${dataset._id}`);
  }
  const doc: CampaignDoc = {
    ...existing,
    config,
    configHash: configHash(config),
    configFile: input.resolved.file,
    profiles: { ...existing.profiles, ...input.resolved.profiles },
    updatedAt: new Date(),
  };
  const handle = input.client.workflow.getHandle(input.campaignId);
  const running = (await handle.describe().catch(() => undefined))?.status.name === 'RUNNING';
  await campaigns.replaceOne({ _id: input.campaignId }, running ? doc : { ...doc, status: 'running' });
  if (running) {
    await handle.signal(extendSignal);
    return 'signalled';
  }
  await startWorkflow(input.client, input.settings.temporalNamespace, doc);
  return 'restarted';
}

export async function signalCampaign(client: Client, campaignId: string, action: 'pause' | 'resume' | 'cancel'): Promise<void> {
  const signal = { pause: pauseSignal, resume: resumeSignal, cancel: cancelSignal }[action];
  try {
    await client.workflow.getHandle(campaignId).signal(signal);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new Error(`campaign ${campaignId} is not running (or does not exist)`);
    throw err;
  }
}

/** Live progress from the running workflow's query; for a closed one, from its result (no worker needed). */
export async function campaignProgress(client: Client, campaignId: string): Promise<CampaignProgress> {
  const handle = client.workflow.getHandle<typeof campaignWorkflow>(campaignId);
  const { status } = await handle.describe().catch((err: unknown) => {
    throw err instanceof WorkflowNotFoundError ? new Error(`campaign ${campaignId} does not exist`) : err;
  });
  if (status.name === 'RUNNING') return handle.query(progressQuery);
  if (status.name !== 'COMPLETED') {
    return { campaignId, status: status.name.toLowerCase(), percent: 0, costUsd: 0, models: [] };
  }
  const result = await handle.result();
  return {
    campaignId,
    status: result.status,
    percent: percentOf(result.models),
    costUsd: result.models.reduce((n, m) => n + m.costUsd, 0),
    models: result.models,
  };
}

import { WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { checkId } from '../config/ids.js';
import type { CampaignDoc } from '../store/campaign-docs.js';
import { loadCostRows } from '../store/campaign-records.js';
import { collections } from '../store/collections.js';
import type { campaignWorkflow } from '../workflows/campaign.js';
import { progressQuery } from '../workflows/messages.js';
import { unpricedProfiles } from './call-facts.js';
import { percentOf, type CampaignProgress } from './progress-model.js';
import { campaignQueues, unpolledQueues } from './queues.js';

/**
 * A campaign's progress: live from the running workflow's query, with a warning for every queue no worker polls
 * (the query itself needs a worker, so without one the answer comes from the store); for a closed campaign, from
 * its result (no worker needed), or its failure.
 */
export async function campaignProgress(client: Client, campaignId: string, db?: Db): Promise<CampaignProgress> {
  checkId('campaign id', campaignId);
  const doc = db ? await collections(db).campaigns.findOne({ _id: campaignId }, { projection: { profiles: 1 } }) : null;
  const unpriced = unpricedProfiles(doc?.profiles ?? {});
  const progress = await liveOrFinalProgress(client, campaignId, doc?.profiles);
  // per model and judge, as billed and at realtime prices, from what is stored (the workflow keeps only totals)
  const costs = db && doc ? await loadCostRows(db, campaignId) : undefined;
  return { ...progress, ...(unpriced.length > 0 ? { unpriced } : {}), ...(costs ? { costs } : {}) };
}

async function liveOrFinalProgress(client: Client, campaignId: string, profiles: CampaignDoc['profiles'] | undefined): Promise<CampaignProgress> {
  const handle = client.workflow.getHandle<typeof campaignWorkflow>(campaignId);
  const { status } = await handle.describe().catch((err: unknown) => {
    throw err instanceof WorkflowNotFoundError ? new Error(`campaign ${campaignId} does not exist`) : err;
  });
  if (status.name === 'RUNNING') {
    const needs = campaignQueues(Object.keys(profiles ?? {}));
    const unpolled = await unpolledQueues(client, client.options.namespace, profiles ? needs : needs.slice(0, 1));
    const warnings = unpolled.map((u) => u.warning);
    // only a worker on the orchestration queue answers the query; without one, say so rather than wait for a timeout
    if (unpolled.some((u) => u.queue === needs[0]!.queue)) return { campaignId, status: 'running', percent: 0, costUsd: 0, models: [], warnings };
    const progress = await handle.query(progressQuery);
    return warnings.length > 0 ? { ...progress, warnings } : progress;
  }
  if (status.name === 'COMPLETED') {
    const result = await handle.result();
    return { campaignId, status: result.status, percent: percentOf(result.models), costUsd: result.models.reduce((n, m) => n + m.costUsd, 0), models: result.models };
  }
  const error = status.name === 'FAILED' ? await handle.result().then(() => undefined, (err: unknown) => (err instanceof WorkflowFailedError ? (err.cause?.message ?? err.message) : String(err))) : undefined;
  return { campaignId, status: status.name.toLowerCase(), percent: 0, costUsd: 0, models: [], ...(error ? { error } : {}) };
}

export interface CampaignListing {
  id: string;
  status: CampaignDoc['status'];
  datasetId: string;
  models: string[];
  createdAt: Date;
  /** OP per model from the latest report */
  op: { model: string; op: number }[];
}

export async function listCampaigns(db: Db): Promise<CampaignListing[]> {
  const docs = await collections(db).campaigns.find({}, { projection: { config: 1, status: 1, datasetId: 1, createdAt: 1, report: 1 } }).sort({ createdAt: -1 }).toArray();
  return docs.map((c) => ({
    id: c._id,
    status: c.status,
    datasetId: c.datasetId,
    models: [...c.config.models.map((m) => m.id ?? m.profile), ...(c.config.answersFrom ? [`answers of ${c.config.answersFrom.campaign}`] : [])],
    createdAt: c.createdAt,
    op: (c.report?.models ?? []).map((m) => ({ model: m.model, op: m.op })),
  }));
}

import type { Db } from 'mongodb';
import { CATEGORY_CODES } from '../dataset/categories.js';
import type { RefinementRequest, RefinementStatus } from '../store/refinement-docs.js';
import { listRefinements } from '../store/refinements.js';
import { loadCampaign } from './context.js';
import { currentTemplates } from './templates.js';

/** A campaign's judging versions: the templates it started with, then each refinement (`campaign status --json`). */
export interface CampaignVersions {
  /** by category: the template the campaign's own judging uses */
  baseTemplates: Record<string, { id: string; version: string }>;
  refinements: {
    seq: number;
    id: string;
    request: RefinementRequest;
    templates: { category: string; id: string; version: string }[];
    checklists: { questionId: string; version: number }[];
    targets: number;
    status: RefinementStatus;
    /** judge calls stored (new or found) and failed, as of the last count */
    judged: number;
    failed: number;
    author: string;
    reason?: string;
    createdAt: Date;
  }[];
}

export async function campaignVersions(db: Db, campaignId: string): Promise<CampaignVersions> {
  const campaign = await loadCampaign(db, campaignId);
  const refinements = await listRefinements(db, campaignId);
  return {
    baseTemplates: Object.fromEntries(currentTemplates(campaign, CATEGORY_CODES).map((t) => [t.key.split('/')[0]!, { id: t.id, version: t.version }])),
    refinements: refinements.map((r) => ({
      seq: r.seq,
      id: r._id,
      request: r.request,
      templates: r.templates.map((t) => ({ category: t.category, id: t.id, version: t.version })),
      checklists: r.checklists,
      targets: r.targets,
      status: r.status,
      judged: r.judged ?? 0,
      failed: r.failed ?? 0,
      author: r.author,
      ...(r.reason ? { reason: r.reason } : {}),
      createdAt: r.createdAt,
    })),
  };
}

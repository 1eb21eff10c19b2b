import type { Db } from 'mongodb';
import { participantId } from '../config/campaign.js';
import { collections } from '../store/collections.js';
import type { RefinementStatus } from '../store/refinement-docs.js';
import { refinementTargetsPage } from '../store/refinements.js';
import type { CampaignContexts } from './context.js';
import { notFound } from './failures.js';
import { providerQueue } from './keys.js';

/** What a re-judge workflow runs from: ids, queues and counts (the targets stay in MongoDB, read a page at a time). */
export interface RefinementRun {
  targets: number;
  pages: number;
  judges: { id: string; queue: string }[];
  judgeRounds: number;
  /** answers whose calls are in flight at once */
  window: number;
  /** answers one run takes on before it continues as new (as many as a model run's conversations hold samples) */
  answersPerRun: number;
  maxAttempts: number;
}

export async function refinementRun(db: Db, contexts: CampaignContexts, input: { campaignId: string; refinementId: string }): Promise<RefinementRun> {
  const doc = await collections(db).refinements.findOne({ _id: input.refinementId }, { projection: { targets: 1, pages: 1 } });
  if (!doc) throw notFound(`refinement ${input.refinementId} does not exist`);
  contexts.forget(input.campaignId);
  const { config } = (await contexts.get(input.campaignId)).doc;
  return {
    targets: doc.targets,
    pages: doc.pages,
    judges: config.judges.map((j) => ({ id: participantId(j), queue: providerQueue(j.profile) })),
    judgeRounds: config.judgeRounds,
    // answers in flight: as many as a model run's window of conversations holds samples
    window: config.orchestration.window * config.samples,
    answersPerRun: config.orchestration.conversationsPerRun * config.samples,
    maxAttempts: config.orchestration.maxAttempts,
  };
}

/** One page of a refinement's targets (generation keys: ids, fine for history). */
export const refinementPage = (db: Db, input: { refinementId: string; page: number }): Promise<string[]> => refinementTargetsPage(db, input.refinementId, input.page);

/** A re-judge's state and counts, as `campaign status --json` lists them; only a finished one counts in reports. */
export async function setRefinementStatus(db: Db, input: { refinementId: string; status: RefinementStatus; judged: number; failed: number }): Promise<void> {
  await collections(db).refinements.updateOne({ _id: input.refinementId }, { $set: { status: input.status, judged: input.judged, failed: input.failed, updatedAt: new Date() } });
}

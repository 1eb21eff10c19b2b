import type { Db } from 'mongodb';
import type { RefinementLayer } from '../scoring/judging-version.js';
import { collections } from './collections.js';
import type { RefinementDoc } from './refinement-docs.js';

/** A campaign's refinements in order (few per campaign). */
export function listRefinements(db: Db, campaignId: string): Promise<RefinementDoc[]> {
  return collections(db).refinements.find({ campaignId }).sort({ seq: 1 }).toArray();
}

/** One refinement's targets, page by page by `_id` (the one lookup FerretDB serves from an index). */
export async function refinementTargets(db: Db, refinement: Pick<RefinementDoc, '_id' | 'pages'>): Promise<string[]> {
  const docs = await Promise.all(Array.from({ length: refinement.pages }, (_, n) => refinementTargetsPage(db, refinement._id, n)));
  return docs.flat();
}

/** Page `n` of a refinement's targets (generation keys). */
export async function refinementTargetsPage(db: Db, refinementId: string, n: number): Promise<string[]> {
  const page = await collections(db).refinementTargets.findOne({ _id: `${refinementId}/p${n}` });
  if (!page) throw new Error(`refinement ${refinementId} lacks its targets page ${n}`);
  return page.generationKeys;
}

/**
 * Refinements as the version fold reads them. Only finished ones count (a running or cancelled re-judge has not
 * stored every verdict it names), so `loadRefinementLayers` takes the campaign's done refinements.
 */
export function refinementLayers(db: Db, refinements: readonly RefinementDoc[]): Promise<RefinementLayer[]> {
  return Promise.all(
    refinements.map(async (r) => ({
      seq: r.seq,
      targets: new Set(await refinementTargets(db, r)),
      templates: new Map(r.templates.map((t) => [t.category, t.version])),
      checklists: new Map(r.checklists.map((c) => [c.questionId, c.version])),
    })),
  );
}

/** A campaign's finished refinements as the version fold reads them. */
export async function loadRefinementLayers(db: Db, campaignId: string): Promise<RefinementLayer[]> {
  return refinementLayers(db, (await listRefinements(db, campaignId)).filter((r) => r.status === 'done'));
}

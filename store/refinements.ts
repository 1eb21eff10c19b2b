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
  const { refinementTargets: pages } = collections(db);
  const docs = await Promise.all(Array.from({ length: refinement.pages }, (_, n) => pages.findOne({ _id: `${refinement._id}/p${n}` })));
  return docs.flatMap((d, n) => {
    if (!d) throw new Error(`refinement ${refinement._id} lacks its targets page ${n}`);
    return d.generationKeys;
  });
}

/** A campaign's refinements as the version fold reads them. */
export async function loadRefinementLayers(db: Db, campaignId: string): Promise<RefinementLayer[]> {
  const refinements = await listRefinements(db, campaignId);
  return Promise.all(
    refinements.map(async (r) => ({
      seq: r.seq,
      targets: new Set(await refinementTargets(db, r)),
      templates: new Map(r.templates.map((t) => [t.category, t.version])),
      checklists: new Map(r.checklists.map((c) => [c.questionId, c.version])),
    })),
  );
}

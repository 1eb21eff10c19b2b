/**
 * Which version of the judging counts for an answer. A campaign judges every answer with its category's template
 * and the question's imported checklist (refinement 0); each refinement (a targeted re-judge) then judges the
 * answers it targets with newer templates and/or checklist versions, as new judgements beside the old ones. The
 * version that counts for an answer is the fold of the refinements that target it, in order: a refinement that
 * changes only templates keeps the answer's earlier checklist version, and the other way round.
 */
export interface JudgingVersion {
  templateVersion: string;
  /** 0 is the checklist as imported */
  checklistVersion: number;
  /** the refinement whose judgements these are: 0 for the campaign's own judging */
  refinement: number;
}

/** One refinement as the fold needs it. */
export interface RefinementLayer {
  /** 1, 2, … in the order they were made */
  seq: number;
  /** the generation keys of the answers it re-judges */
  targets: ReadonlySet<string>;
  /** template version by category, for the categories whose template it changes */
  templates: ReadonlyMap<string, string>;
  /** checklist version by question id, for the questions whose checklist it judges against anew */
  checklists: ReadonlyMap<string, number>;
}

export interface JudgedAnswer {
  generationKey: string;
  category: string;
  questionId: string;
}

/**
 * The version that counts for one answer after the refinements with `seq < beforeSeq` (all by default; `beforeSeq`
 * gives the "before" side of a refinement). Undefined when the campaign has no template for the category.
 */
export function versionOf(answer: JudgedAnswer, baseTemplates: ReadonlyMap<string, string>, layers: readonly RefinementLayer[], beforeSeq = Number.POSITIVE_INFINITY): JudgingVersion | undefined {
  const base = baseTemplates.get(answer.category);
  if (base === undefined) return undefined;
  let version: JudgingVersion = { templateVersion: base, checklistVersion: 0, refinement: 0 };
  for (const layer of [...layers].sort((a, b) => a.seq - b.seq)) {
    if (layer.seq >= beforeSeq || !layer.targets.has(answer.generationKey)) continue;
    version = {
      templateVersion: layer.templates.get(answer.category) ?? version.templateVersion,
      checklistVersion: layer.checklists.get(answer.questionId) ?? version.checklistVersion,
      refinement: layer.seq,
    };
  }
  return version;
}

/** True when a stored verdict was made under this version (the refinement that asked for it does not matter: equal versions share keys). */
export function madeUnder(record: { templateVersion?: string; checklistVersion?: number }, version: JudgingVersion): boolean {
  return record.templateVersion === version.templateVersion && (record.checklistVersion ?? 0) === version.checklistVersion;
}

/**
 * The records that count: for each answer, those made under its version. Records without a generation key (scored
 * files) are kept when their template version is the category's base one, as before refinements existed.
 */
export function selectCurrentRecords<R extends { generationKey?: string; category: string; questionId: string; templateVersion?: string; checklistVersion?: number }>(
  records: readonly R[],
  baseTemplates: ReadonlyMap<string, string>,
  layers: readonly RefinementLayer[],
  beforeSeq?: number,
): R[] {
  const memo = new Map<string, JudgingVersion | undefined>();
  return records.filter((r) => {
    if (r.generationKey === undefined) return r.templateVersion === baseTemplates.get(r.category);
    if (!memo.has(r.generationKey)) memo.set(r.generationKey, versionOf({ generationKey: r.generationKey, category: r.category, questionId: r.questionId }, baseTemplates, layers, beforeSeq));
    const version = memo.get(r.generationKey);
    return version !== undefined && madeUnder(r, version);
  });
}

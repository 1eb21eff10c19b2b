import { aggregateScores, type AggregateOptions } from './aggregate/aggregate.js';
import { reviewAgreementOf, type StoredItem, type StoredVerdict } from './agreement/review-rows.js';
import type { JudgingChoice } from './judge-modes/judge-mode.js';
import { selectCurrentRecords, versionOf, type RefinementLayer } from './judging-version.js';
import { answerIdOf, reviewCandidates } from './sampling/candidates.js';
import type { QuestionMeta, ScoreRecord } from './score-record.js';

/** Agreement on the usable decision in one scope (a category of the reviewed targets, or overall). */
export interface SideAgreement {
  /** judge–physician pairs */
  n: number;
  agreement: number | null;
  kappa: number | null;
  ac1: number | null;
}

/** The versions that produced a side's numbers, per category of the refinement's targets. */
export interface SideVersions {
  templates: string[];
  /** checklist versions (0: as imported) */
  checklists: number[];
  /** the refinements whose verdicts count (0: the campaign's own judging) */
  refinements: number[];
}

export interface RefinementSide {
  /** on the reviewed answers among the targets: per category and `overall` */
  agreement: Record<string, SideAgreement>;
  /** per model: usability (%) of the categories the targets are in, and OP (%) over all planned questions */
  usability: { model: string; categories: Record<string, number>; op: number }[];
  versions: Record<string, SideVersions>;
}

export interface RefinementComparison {
  seq: number;
  refinementId: string;
  /** what was asked for, e.g. `categories MK; templates` */
  request: string;
  targets: number;
  /** the review whose answers among the targets are compared, and how many answers and reviews that is */
  reviewId: string | null;
  reviewedItems: number;
  reviews: number;
  before: RefinementSide;
  after: RefinementSide;
}

/** Everything one campaign's before/after tables are computed from, read by the caller. */
export interface CompareRows {
  /** every stored verdict, whatever its version */
  allRecords: readonly ScoreRecord[];
  baseTemplates: ReadonlyMap<string, string>;
  /** the finished refinements (the fold's layers) */
  layers: readonly RefinementLayer[];
  refinements: readonly { seq: number; id: string; request: string }[];
  questions: readonly QuestionMeta[];
  aggregate: Pick<AggregateOptions, 'threshold' | 'categoryThresholds' | 'panelRule'> & { threshold: number };
  judging: JudgingChoice;
  /** the campaign's review shown in its report (items and blind first verdicts), when it has one */
  review?: { reviewId: string; campaignId: string; status: string; items: readonly StoredItem[]; submissions: readonly StoredVerdict[] };
}

const round1 = { resamples: 1 };

/** Where the stored answers are: a record of each by generation key, and the generation key of each answer id. */
interface AnswerIndex {
  byKey: ReadonlyMap<string, ScoreRecord>;
  keyOf: ReadonlyMap<string, string>;
}

const reviewedTargets = (rows: CompareRows, targets: ReadonlySet<string>, index: AnswerIndex) => (rows.review?.items ?? []).filter((item) => targets.has(index.keyOf.get(item.answerId) ?? ''));

function side(rows: CompareRows, targets: ReadonlySet<string>, beforeSeq: number, index: AnswerIndex): RefinementSide {
  const records = selectCurrentRecords(rows.allRecords, rows.baseTemplates, rows.layers, beforeSeq);
  const categories = new Set<string>();
  const versions: Record<string, { templates: Set<string>; checklists: Set<number>; refinements: Set<number> }> = {};
  for (const key of targets) {
    const a = index.byKey.get(key);
    const v = a && versionOf({ generationKey: key, category: a.category, questionId: a.questionId }, rows.baseTemplates, rows.layers, beforeSeq);
    if (!a || !v) continue;
    categories.add(a.category);
    const cell = (versions[a.category] ??= { templates: new Set(), checklists: new Set(), refinements: new Set() });
    cell.templates.add(v.templateVersion);
    cell.checklists.add(v.checklistVersion);
    cell.refinements.add(v.refinement);
  }
  const sorted = <T>(s: Set<T>) => [...s].sort();
  const result = aggregateScores(records, { ...rows.aggregate, questions: rows.questions, bootstrap: round1 });
  const usability = result.models.map((m) => ({
    model: m.model,
    categories: Object.fromEntries([...categories].sort().flatMap((c) => (m.categories[c] ? [[c, m.categories[c]!.usability]] : []))),
    op: m.overall.op,
  }));
  let agreement: Record<string, SideAgreement> = {};
  if (rows.review) {
    const reviewed = reviewedTargets(rows, targets, index);
    const ids = new Set(reviewed.map((item) => item.answerId));
    const summary = reviewAgreementOf({
      review: { reviewId: rows.review.reviewId, campaignId: rows.review.campaignId, status: rows.review.status },
      items: reviewed,
      submissions: rows.review.submissions.filter((s) => ids.has(s.answerId)),
      candidates: reviewCandidates(records.filter((r) => ids.has(answerIdOf(r))), rows.judging, rows.aggregate.threshold),
      templateOf: new Map(),
      threshold: rows.aggregate.threshold,
    });
    const pick = (g: SideAgreement): SideAgreement => ({ n: g.n, agreement: g.agreement, kappa: g.kappa, ac1: g.ac1 });
    agreement = { ...Object.fromEntries(Object.entries(summary.perCategory).map(([c, g]) => [c, pick(g)])), ...(reviewed.length > 0 ? { overall: pick(summary.overall) } : {}) };
  }
  return {
    agreement,
    usability,
    versions: Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => [c, { templates: sorted(v.templates), checklists: sorted(v.checklists), refinements: sorted(v.refinements) }])),
  };
}

/**
 * Before and after for every finished refinement: on the same reviewed answers (the report's review, its items
 * among the refinement's targets), agreement (percent, Cohen's kappa, Gwet's AC1) of the judge with the physicians,
 * and usability per category and OP per model, under the versions that counted just before the refinement and with
 * it (`beforeSeq` seq and seq + 1), each side naming the versions that produced it. Pure.
 */
export function compareRefinements(rows: CompareRows, targetsOf: (seq: number) => ReadonlySet<string>): RefinementComparison[] {
  const byKey = new Map<string, ScoreRecord>();
  const keyOf = new Map<string, string>();
  for (const r of rows.allRecords) {
    if (r.generationKey === undefined || byKey.has(r.generationKey)) continue;
    byKey.set(r.generationKey, r);
    keyOf.set(answerIdOf(r), r.generationKey);
  }
  const index = { byKey, keyOf };
  return [...rows.refinements]
    .sort((a, b) => a.seq - b.seq)
    .map((r) => {
      const targets = targetsOf(r.seq);
      const reviewedIds = new Set(reviewedTargets(rows, targets, index).map((item) => item.answerId));
      return {
        seq: r.seq,
        refinementId: r.id,
        request: r.request,
        targets: targets.size,
        reviewId: rows.review?.reviewId ?? null,
        reviewedItems: reviewedIds.size,
        reviews: (rows.review?.submissions ?? []).filter((s) => reviewedIds.has(s.answerId)).length,
        before: side(rows, targets, r.seq, index),
        after: side(rows, targets, r.seq + 1, index),
      };
    });
}

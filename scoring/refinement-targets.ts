import { valueHash } from '../lib/content-hash.js';
import { judgeDecision } from './agreement/reviewed-item.js';
import { physicianUsable, type StoredVerdict } from './agreement/review-rows.js';
import { versionOf, type JudgedAnswer, type RefinementLayer } from './judging-version.js';
import type { SamplingCandidate } from './sampling/types.js';

/** A judged answer of a campaign, as a re-judge selects it. */
export interface RejudgeCandidate extends JudgedAnswer {
  /** `model/questionId/sample`, as reviews name answers */
  answerId: string;
}

/** What narrows a re-judge: every given filter must hold. */
export interface RejudgeFilters {
  categories?: readonly string[];
  questionIds?: readonly string[];
  /** answer ids (the disagreements), when `--disagreements` was given */
  answerIds?: ReadonlySet<string>;
}

/** What is new: a template version per category, and the latest checklist version per question. */
export interface RejudgeChanges {
  templates?: ReadonlyMap<string, string>;
  checklists?: ReadonlyMap<string, number>;
}

export interface ResolvedRejudge {
  /** answers the filters selected */
  selected: number;
  /** generation keys of the selected answers that something new touches, sorted */
  targets: string[];
  /** the new template per category, for categories with a target judged with another one now */
  templates: Map<string, string>;
  /** the checklist version per question, for questions with a target judged against an older one now */
  checklists: Map<string, number>;
}

/**
 * Which answers a re-judge touches: of the answers the filters select, those whose category's new template
 * differs from the one that counts for them now, or whose question has a newer checklist version than the one
 * that counts (versions as `versionOf` folds them, before `beforeSeq`). Pure and deterministic.
 */
export function resolveRejudge(
  answers: readonly RejudgeCandidate[],
  baseTemplates: ReadonlyMap<string, string>,
  layers: readonly RefinementLayer[],
  filters: RejudgeFilters,
  changes: RejudgeChanges,
  beforeSeq?: number,
): ResolvedRejudge {
  const categories = filters.categories && new Set(filters.categories);
  const questionIds = filters.questionIds && new Set(filters.questionIds);
  const selected = answers.filter((a) => (!categories || categories.has(a.category)) && (!questionIds || questionIds.has(a.questionId)) && (!filters.answerIds || filters.answerIds.has(a.answerId)));
  const targets = new Set<string>();
  const templates = new Map<string, string>();
  const checklists = new Map<string, number>();
  for (const answer of selected) {
    const now = versionOf(answer, baseTemplates, layers, beforeSeq);
    if (!now) continue;
    const template = changes.templates?.get(answer.category);
    const checklist = changes.checklists?.get(answer.questionId);
    const newTemplate = template !== undefined && template !== now.templateVersion;
    const newChecklist = checklist !== undefined && checklist > now.checklistVersion;
    if (newTemplate) templates.set(answer.category, template);
    if (newChecklist) checklists.set(answer.questionId, checklist);
    if (newTemplate || newChecklist) targets.add(answer.generationKey);
  }
  return { selected: selected.length, targets: [...targets].sort(), templates: sortedMap(templates), checklists: sortedMap(checklists) };
}

const sortedMap = <V>(m: Map<string, V>) => new Map([...m].sort(([a], [b]) => a.localeCompare(b)));

/**
 * The answers of a review whose physicians' usable decision differs from the judge's (any reviewer's blind first
 * verdict against the exact mean of the judge's valid rounds, as agreement compares them).
 */
export function disagreeingAnswers(candidates: readonly SamplingCandidate[], submissions: readonly StoredVerdict[]): Set<string> {
  const judge = new Map(candidates.map((c) => [c.answerId, judgeDecision(c.judgeScores, c.threshold).usable]));
  return new Set(submissions.filter((s) => judge.has(s.answerId) && physicianUsable(s) !== judge.get(s.answerId)).map((s) => s.answerId));
}

/** One hash over what a refinement is: the request, the versions it judges with and its targets. Equal asks find the stored one. */
export function refinementHash(request: object, resolved: Pick<ResolvedRejudge, 'targets' | 'templates' | 'checklists'>): string {
  return valueHash({ request, templates: [...resolved.templates], checklists: [...resolved.checklists], targets: resolved.targets }).slice(0, 16);
}

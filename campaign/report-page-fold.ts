import { shortHash } from '../lib/content-hash.js';
import { versionOf, type RefinementLayer } from '../scoring/judging-version.js';
import { costParts, mergeCostParts, type BilledCall, type CostPart } from '../scoring/report/cost.js';
import type { FailureCount, StoredVerdict } from '../store/campaign-records.js';
import type { ResultFields, VerdictFields } from '../store/report-pages.js';
import { generationKey, judgementKey } from './keys.js';

/** Everything a page's fold depends on besides the stored results: one model's conversations of one page. */
export interface PageSpec {
  campaignId: string;
  /** the campaign whose answers are judged: this one, or the one a judge-only campaign takes them from */
  answersCampaign: string;
  modelId: string;
  page: number;
  /** the page's planned questions, in conversation order */
  questions: readonly { id: string; category: string }[];
  samples: number;
  judges: readonly string[];
  judgeRounds: number;
  /** category → template version before refinements */
  baseTemplates: ReadonlyMap<string, string>;
  /** the finished refinements */
  layers: readonly RefinementLayer[];
}

/** A page's aggregate: every stored verdict (all versions), failures by stage and kind, cost parts, simulated. */
export interface ReportPageData {
  verdicts: StoredVerdict[];
  failures: FailureCount[];
  cost: CostPart[];
  simulated: boolean;
}

interface Answer {
  questionId: string;
  category: string;
  sample: number;
  generationKey: string;
}

const answersOf = (spec: PageSpec): Answer[] =>
  spec.questions.flatMap((q) => Array.from({ length: spec.samples }, (_, sample) => ({ questionId: q.id, category: q.category, sample, generationKey: generationKey(spec.answersCampaign, spec.modelId, q.id, sample) })));

/** The generation keys of the answers a page judges. */
export const pageAnswerKeys = (spec: PageSpec): string[] => answersOf(spec).map((a) => a.generationKey);

/** The layers that re-judge an answer of the page: only these change what the page holds. */
const layersOn = (spec: PageSpec, answers: readonly Answer[]) => spec.layers.filter((l) => answers.some((a) => l.targets.has(a.generationKey)));

/**
 * The keys a page's results are stored under: the campaign's own generations (a judge-only campaign stores its
 * failed ones too), and every judgement of each answer under each version that counts now or on the "before"
 * side of a refinement that re-judged it. Judgements under no such version are chosen by no table.
 */
export function pageKeys(spec: PageSpec): { generations: string[]; judgements: string[] } {
  const answers = answersOf(spec);
  const layers = layersOn(spec, answers);
  const judgements = new Set<string>();
  for (const a of answers) {
    const versions = [...layers.map((l) => l.seq), Number.POSITIVE_INFINITY].map((before) => versionOf(a, spec.baseTemplates, spec.layers, before));
    for (const v of versions) {
      if (!v) continue;
      for (const judge of spec.judges) for (let r = 0; r < spec.judgeRounds; r += 1) judgements.add(judgementKey(spec.campaignId, a.generationKey, judge, v.templateVersion, r, v.checklistVersion));
    }
  }
  return { generations: answers.map((a) => generationKey(spec.campaignId, spec.modelId, a.questionId, a.sample)), judgements: [...judgements] };
}

/** What a page was folded under: a stored page whose signature differs from today's is stale (grown, refined, re-planned). */
export function pageSignature(spec: PageSpec): string {
  const answers = answersOf(spec);
  const categories = [...new Set(spec.questions.map((q) => q.category))].sort();
  const questionIds = new Set(spec.questions.map((q) => q.id));
  return shortHash(
    JSON.stringify({
      answers: spec.answersCampaign,
      questions: spec.questions.map((q) => q.id),
      samples: spec.samples,
      judges: spec.judges,
      judgeRounds: spec.judgeRounds,
      templates: categories.map((c) => [c, spec.baseTemplates.get(c) ?? null]),
      layers: layersOn(spec, answers).map((l) => [l.seq, [...l.templates].filter(([c]) => categories.includes(c)).sort(), [...l.checklists].filter(([q]) => questionIds.has(q)).sort()]),
    }),
    24,
  );
}

const addFailure = (counts: Map<string, FailureCount>, model: string, stage: FailureCount['stage'], kind: string) => {
  const key = `${stage}\u0000${kind}`;
  const c = counts.get(key) ?? { model, stage, kind, count: 0 };
  c.count += 1;
  counts.set(key, c);
};

const billed = (role: BilledCall['role'], id: string, d: ResultFields): BilledCall => ({ role, id, costMode: d.costMode, usage: d.usage, costUsd: d.costUsd, realtimeCostUsd: d.realtimeCostUsd });

/**
 * A page's aggregate from its stored results (pure; `stored` gives a result by key, or undefined when none is
 * stored): the same verdicts, failure counts, cost and simulated flag the full scans of the raw collections give
 * for these keys. Idempotent: the same results give the same page.
 */
export function foldReportPage(spec: PageSpec, stored: (key: string) => ResultFields | VerdictFields | undefined): ReportPageData {
  const keys = pageKeys(spec);
  const failures = new Map<string, FailureCount>();
  const calls: BilledCall[] = [];
  const verdicts: StoredVerdict[] = [];
  let simulated = false;
  const own = (d: ResultFields | undefined): d is ResultFields => d !== undefined && d.campaignId === spec.campaignId;
  for (const key of keys.generations) {
    const g = stored(key);
    if (!own(g)) continue;
    simulated ||= g.simulated === true;
    if (g.status === 'failed') addFailure(failures, g.model, 'generation', g.error?.kind ?? 'error');
    else calls.push(billed('model', g.model, g));
  }
  for (const key of keys.judgements) {
    const j = stored(key) as VerdictFields | undefined;
    if (!own(j)) continue;
    simulated ||= j.simulated === true;
    if (j.status === 'failed') addFailure(failures, j.model, 'judgement', j.error?.kind ?? 'error');
    else calls.push(billed('judge', j.judge, j));
    // the verdict's own fields, as the scan's records take them (a failed call's kind beside)
    const { _id, campaignId: _campaign, error, usage: _usage, costUsd: _cost, costMode: _mode, realtimeCostUsd: _realtime, simulated: _simulated, ...verdict } = j;
    verdicts.push({ ...verdict, ...(error ? { failedKind: error.kind } : {}) });
  }
  return { verdicts, failures: [...failures.values()], cost: costParts(calls), simulated };
}

/** Pages merged into what the report reads: verdicts, failure counts (sorted as the store's), cost parts, simulated. */
export function mergeReportPages(pages: readonly ReportPageData[]): ReportPageData {
  const failures = new Map<string, FailureCount>();
  for (const f of pages.flatMap((p) => p.failures)) {
    const key = `${f.model}\u0000${f.stage}\u0000${f.kind}`;
    failures.set(key, { ...f, count: (failures.get(key)?.count ?? 0) + f.count });
  }
  return {
    verdicts: pages.flatMap((p) => p.verdicts),
    failures: [...failures.values()].sort((a, b) => a.model.localeCompare(b.model) || a.stage.localeCompare(b.stage) || a.kind.localeCompare(b.kind)),
    cost: mergeCostParts(pages.flatMap((p) => p.cost)),
    simulated: pages.some((p) => p.simulated),
  };
}

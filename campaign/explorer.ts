import type { Db } from 'mongodb';
import { isValidId, shownValue } from '../config/ids.js';
import { fromFieldName } from '../lib/escape.js';
import { questionRows } from '../scoring/explorer/question-rows.js';
import { filterRows, parseFilters, type ExplorerFilters } from '../scoring/explorer/filters.js';
import type { ModelCell, QuestionRow } from '../scoring/explorer/summary-types.js';
import { madeUnder, versionOf, type JudgingVersion } from '../scoring/judging-version.js';
import { scoreRecordOf } from '../store/campaign-records.js';
import { collections } from '../store/collections.js';
import { fromDoc } from '../store/datasets.js';
import type { ExplorerSummaryDoc, JudgementFact, ReviewFact } from '../store/explorer-docs.js';
import { explorerQuestion, loadExplorerList, loadExplorerSummary } from '../store/explorer.js';
import { loadRefinementLayers } from '../store/refinements.js';
import { loadCampaign } from './context.js';
import { notFound } from './failures.js';
import { campaignAggregateOptions } from './report.js';
import type { ExplorerSummaries } from './explorer-summary.js';
import { currentTemplates } from './templates.js';

export interface CampaignListing {
  id: string;
  status: string;
  datasetId: string;
  createdAt: Date;
  /** OP per model: the explorer's summary when one was built, else the stored report's; empty before either */
  models: { model: string; op: number; usable: number; questions: number }[];
  opFrom: 'explorer' | 'report' | 'none';
}

/** Every campaign with its status and OP per model (campaigns are few: their list is one small scan). */
export async function listExplorerCampaigns(db: Db): Promise<CampaignListing[]> {
  const docs = await collections(db).campaigns.find({}, { projection: { status: 1, datasetId: 1, createdAt: 1, report: 1 } }).toArray();
  const summaries = await Promise.all(docs.map((d) => loadExplorerSummary(db, d._id)));
  return docs
    .map((d, i) => {
      const summary = summaries[i];
      const models = summary ? summary.summary.leaderboard.map(({ model, op, usable, questions }) => ({ model, op, usable, questions })) : (d.report?.models ?? []);
      return { id: d._id, status: d.status, datasetId: d.datasetId, createdAt: d.createdAt, models, opFrom: summary ? ('explorer' as const) : d.report ? ('report' as const) : ('none' as const) };
    })
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id));
}

export interface CampaignOverview {
  summary: ExplorerSummaryDoc['summary'];
  /** the campaign's status now (the summary's may be older) */
  status: string;
  builtAt: Date;
  /** results stored since the summary was built; a newer one is being built */
  stale: boolean;
}

/** A campaign the explorer may show: an id that is none is as unknown as a missing campaign (404, not 500). */
function knownId(campaignId: string): string {
  if (!isValidId(campaignId)) throw notFound(`campaign ${shownValue(campaignId)} does not exist`);
  return campaignId;
}

async function campaignStatus(db: Db, campaignId: string): Promise<string> {
  const doc = await collections(db).campaigns.findOne({ _id: knownId(campaignId) }, { projection: { status: 1 } });
  if (!doc) throw notFound(`campaign ${campaignId} does not exist`);
  return doc.status;
}

/** A campaign's leaderboard, counts and charts, from its summary. */
export async function campaignOverview(db: Db, summaries: ExplorerSummaries, campaignId: string): Promise<CampaignOverview> {
  const status = await campaignStatus(db, campaignId);
  const { doc, stale } = await summaries.get(campaignId);
  return { summary: doc.summary, status, builtAt: doc.builtAt, stale };
}

export interface QuestionList {
  campaignId: string;
  models: string[];
  categories: string[];
  filters: ExplorerFilters;
  /** questions the filters select, of `total` */
  rows: QuestionRow[];
  total: number;
  stale: boolean;
}

/** A campaign's questions as the filters (query-string values) select them, from the summary's per-category lists. */
export async function questionList(db: Db, summaries: ExplorerSummaries, campaignId: string, query: Readonly<Record<string, unknown>>): Promise<QuestionList> {
  await campaignStatus(db, campaignId);
  const { doc, stale } = await summaries.get(campaignId);
  const { models, categories } = doc.summary;
  const filters = parseFilters(query, { models, categories });
  const lists = await Promise.all((filters.category ? [filters.category] : categories).map((c) => loadExplorerList(db, campaignId, c)));
  const all = lists.flatMap((l) => l?.rows ?? []);
  return { campaignId, models, categories, filters, rows: filterRows(all, models, filters), total: all.length, stale };
}

export interface JudgementView extends JudgementFact {
  key: string;
  /** made under the version that counts for its answer */
  current: boolean;
  rationale?: string;
}

export interface AnswerView {
  sample: number;
  generationKey: string;
  status: 'succeeded' | 'failed' | 'missing';
  text?: string;
  failedKind?: string;
  finishReason?: string;
  /** the judging version that counts for this answer */
  version?: JudgingVersion;
  /** every stored verdict, the current version's first, by judge and round */
  judgements: JudgementView[];
  reviews: ReviewFact[];
}

export interface ModelView {
  model: string;
  cell: ModelCell;
  answers: AnswerView[];
}

export interface QuestionView {
  campaignId: string;
  status: string;
  question: { id: string; category: string; groupCode: number | string; round: number; problem: string; referenceAnswer: string; category2: string; scene: string; difficulty?: string };
  /** every round of the question's conversation, this one included */
  conversation: { id: string; round: number; problem: string }[];
  /** the imported checklist (0) and later versions; `counts` marks those some answer is judged against now */
  checklists: { version: number; checklist: string | null; author?: string; reason?: string; createdAt?: Date; counts: boolean }[];
  threshold: number;
  models: ModelView[];
}

/** Stored texts by `_id`, a bounded number of lookups at a time. */
async function byIds<T>(ids: readonly string[], lookup: (id: string) => Promise<T | null>, concurrency = 16): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const doc = await lookup(id);
      if (doc) found.set(id, doc);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return found;
}

/** The question's conversation: the rounds before it and after it, each by `_id`. */
async function conversationOf(db: Db, datasetId: string, q: { category: string; groupCode: number | string; round: number }) {
  const { questions } = collections(db);
  const rounds: { id: string; round: number; problem: string }[] = [];
  for (let round = 1; round < 64; round++) {
    const id = `${q.category}-${q.groupCode}-${round}`;
    const doc = await questions.findOne({ _id: `${datasetId}/${id}` }, { projection: { problem: 1 } });
    if (!doc) {
      if (round > q.round) break;
      continue;
    }
    rounds.push({ id, round, problem: doc.problem });
  }
  return rounds;
}

/**
 * One question of a campaign: its conversation, reference answer and checklist versions, every model's answers per
 * sample with every stored verdict (each marked current or older by the version fold the report uses), and the
 * physicians' reviews. Texts are read by `_id`; the rest comes from the question's read model.
 */
export async function questionView(db: Db, campaignId: string, questionId: string): Promise<QuestionView | null> {
  const doc = await loadCampaign(db, knownId(campaignId));
  const { questions, generations, judgements, checklistVersions } = collections(db);
  const [questionDoc, facts, layers] = await Promise.all([questions.findOne({ _id: `${doc.datasetId}/${questionId}` }), explorerQuestion(db, campaignId, questionId), loadRefinementLayers(db, campaignId)]);
  if (!questionDoc) return null;
  const q = fromDoc(questionDoc);
  const baseTemplates = new Map(currentTemplates(doc, [q.category]).map((t) => [q.category as string, t.version]));
  const judged = Object.entries(facts?.judgements ?? {}).map(([field, j]) => ({ ...j, key: fromFieldName(field) }));
  const generationFacts = new Map(Object.entries(facts?.generations ?? {}).map(([field, g]) => [fromFieldName(field), g]));
  const generationKeys = [...new Set([...generationFacts.keys(), ...judged.map((j) => j.generationKey)])];
  const [texts, rationales, conversation, later] = await Promise.all([
    byIds(generationKeys, (id) => generations.findOne({ _id: id }, { projection: { text: 1 } })),
    byIds(
      judged.map((j) => j.key),
      (id) => judgements.findOne({ _id: id }, { projection: { rationale: 1 } }),
    ),
    conversationOf(db, doc.datasetId, q),
    checklistVersions.find({ datasetId: doc.datasetId, questionId }).sort({ version: 1 }).toArray(),
  ]);
  const versions = new Map(generationKeys.map((key) => [key, versionOf({ generationKey: key, category: q.category, questionId }, baseTemplates, layers)]));
  const isCurrent = (j: (typeof judged)[number]) => {
    const v = versions.get(j.generationKey);
    return v !== undefined && madeUnder(j, v);
  };
  const reviewFacts = Object.values(facts?.reviews ?? {});
  const options = campaignAggregateOptions(doc.config, [q]);
  const threshold = options.categoryThresholds?.[q.category] ?? options.threshold ?? 4;
  const modelIds = [...new Set([...[...generationFacts.values()].map((g) => g.model), ...judged.map((j) => j.model)])].sort();
  const [row] = questionRows({
    questions: [q],
    records: judged.filter(isCurrent).map((j) => scoreRecordOf({ questionId, category: q.category, groupCode: q.groupCode, round: q.round, ...j })),
    models: modelIds,
    threshold: () => threshold,
    ...(options.panelRule ? { panelRule: options.panelRule } : {}),
    failedAnswers: [...generationFacts.values()].filter((g) => g.status === 'failed').map((g) => ({ questionId, model: g.model })),
    reviews: reviewFacts.map((r) => ({ questionId, model: r.model, sample: r.sample, usable: r.usable })),
  });
  const models = modelIds.map((model, i): ModelView => {
    const keys = generationKeys.filter((key) => (generationFacts.get(key)?.model ?? judged.find((j) => j.generationKey === key)?.model) === model);
    const answers = keys.map((key): AnswerView => {
      const g = generationFacts.get(key);
      const version = versions.get(key);
      const verdicts = judged
        .filter((j) => j.generationKey === key)
        .map((j) => ({ ...j, current: isCurrent(j), ...(rationales.get(j.key)?.rationale ? { rationale: rationales.get(j.key)!.rationale } : {}) }))
        .sort((a, b) => Number(b.current) - Number(a.current) || a.judge.localeCompare(b.judge) || a.judgeRound - b.judgeRound || a.key.localeCompare(b.key));
      const sample = g?.sample ?? verdicts[0]?.sample ?? 0;
      return {
        sample,
        generationKey: key,
        status: g?.status ?? (texts.has(key) ? 'succeeded' : 'missing'),
        ...(texts.get(key)?.text !== undefined ? { text: texts.get(key)!.text } : {}),
        ...(g?.failedKind ? { failedKind: g.failedKind } : {}),
        ...(g?.finishReason ? { finishReason: g.finishReason } : {}),
        ...(version ? { version } : {}),
        judgements: verdicts,
        reviews: reviewFacts.filter((r) => r.model === model && r.sample === sample),
      };
    });
    return { model, cell: row!.cells[i]!, answers: answers.sort((a, b) => a.sample - b.sample) };
  });
  const counting = new Set([...versions.values()].flatMap((v) => (v ? [v.checklistVersion] : [])));
  return {
    campaignId,
    status: doc.status,
    question: { id: q.id, category: q.category, groupCode: q.groupCode, round: q.round, problem: q.problem, referenceAnswer: q.sanswer, category2: q.category2, scene: q.scene, ...(q.difficulty ? { difficulty: q.difficulty } : {}) },
    conversation,
    checklists: [
      { version: 0, checklist: q.checklist, counts: counting.size === 0 || counting.has(0) },
      ...later.map((v) => ({ version: v.version, checklist: v.checklist, author: v.author, reason: v.reason, createdAt: v.createdAt, counts: counting.has(v.version) })),
    ],
    threshold,
    models,
  };
}

/** A judgement's raw text, when it belongs to the campaign. */
export async function rawJudgement(db: Db, campaignId: string, key: string): Promise<{ key: string; raw: string | null } | null> {
  const doc = await collections(db).judgements.findOne({ _id: key }, { projection: { campaignId: 1, raw: 1 } });
  if (!doc || doc.campaignId !== campaignId) return null;
  return { key, raw: doc.raw ?? null };
}

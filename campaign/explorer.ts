import type { Db } from 'mongodb';
import { isValidId, shownValue } from '../config/ids.js';
import { forEachBounded } from '../lib/bounded.js';
import { participantId } from '../config/campaign.js';
import { questionRows } from '../scoring/explorer/question-rows.js';
import { unpackRow } from '../scoring/explorer/row-codec.js';
import { filterRows, parseFilters, type ExplorerFilters } from '../scoring/explorer/filters.js';
import type { ModelCell, QuestionRow } from '../scoring/explorer/summary-types.js';
import { madeUnder, versionOf, type JudgingVersion } from '../scoring/judging-version.js';
import { scoreRecordOf } from '../store/campaign-records.js';
import { collections } from '../store/collections.js';
import { fromDoc } from '../store/datasets.js';
import type { ExplorerSummaryDoc, JudgementFact, ReviewFact } from '../store/explorer-docs.js';
import { answerIdOf } from '../scoring/sampling/candidates.js';
import { generationKey, judgementKey } from './keys.js';
import { reviewFact } from './explorer-reviews.js';
import { assignmentId } from './review-access.js';
import { judgementFact, loadExplorerList, loadExplorerSummary } from '../store/explorer.js';
import { loadRefinementLayers } from '../store/refinements.js';
import { loadCampaign } from './context.js';
import { notFound } from './failures.js';
import { campaignAggregateOptions } from './report.js';
import type { ExplorerSummaries } from './explorer-summary.js';
import { baseTemplateVersions, currentTemplates } from './templates.js';

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
  const all = lists.flatMap((l) => l?.rows.map(unpackRow) ?? []);
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

/** Documents by `_id`, a bounded number of lookups at a time; missing ones are left out. */
async function byIds<T>(ids: readonly string[], lookup: (id: string) => Promise<T | null>): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  await forEachBounded(ids, 16, async (id) => {
    const doc = await lookup(id);
    if (doc) found.set(id, doc);
  });
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

/** The physicians' reviews of these answers: the campaign's reviews and reviewers are few (scanned), items and submissions read by `_id`. */
async function reviewsOf(db: Db, campaignId: string, answers: readonly { model: string; questionId: string; sample: number }[]): Promise<ReviewFact[]> {
  const { reviews, reviewers, reviewItems, reviewSubmissions } = collections(db);
  const reviewIds = (await reviews.find({ campaignId }, { projection: { _id: 1 } }).toArray()).map((r) => r._id);
  const found = await Promise.all(
    reviewIds.map(async (reviewId) => {
      const items = [...(await byIds(answers.map((a) => `${reviewId}/${answerIdOf(a)}`), (id) => reviewItems.findOne({ _id: id }))).values()];
      if (items.length === 0) return [];
      const people = await reviewers.find({ reviewId }, { projection: { name: 1 } }).toArray();
      const slots = items.flatMap((item) => people.map((p) => ({ item, name: p.name, id: assignmentId(reviewId, item.answerId, p._id) })));
      const submissions = await byIds(
        slots.map((s) => s.id),
        (id) => reviewSubmissions.findOne({ _id: id }),
      );
      return slots.flatMap((s) => (submissions.has(s.id) ? [reviewFact(submissions.get(s.id)!, s.item, s.name)] : []));
    }),
  );
  return found.flat();
}

/**
 * One question of a campaign: its conversation, reference answer and checklist versions, every model's answers per
 * sample with every stored verdict (each marked current or older by the version fold the report uses), and the
 * physicians' reviews. Every result is read by its key (`_id`): the campaign's models, samples, judges and rounds
 * under each version its summary has seen or its refinements name.
 */
export async function questionView(db: Db, campaignId: string, questionId: string): Promise<QuestionView | null> {
  const doc = await loadCampaign(db, knownId(campaignId));
  const { config } = doc;
  const { questions, generations, judgements, checklistVersions } = collections(db);
  const [questionDoc, summary, layers] = await Promise.all([questions.findOne({ _id: `${doc.datasetId}/${questionId}` }), loadExplorerSummary(db, campaignId), loadRefinementLayers(db, campaignId)]);
  if (!questionDoc) return null;
  const q = fromDoc(questionDoc);
  const baseTemplates = baseTemplateVersions(currentTemplates(doc, [q.category]));
  const pairs = new Map<string, [string, number]>();
  const addPair = (tv: string | undefined, cv: number) => tv !== undefined && pairs.set(`${tv}+${cv}`, [tv, cv]);
  addPair(baseTemplates.get(q.category), 0);
  for (const v of summary?.summary.versions ?? []) if (v.category === q.category) addPair(v.templateVersion, v.checklistVersion);
  for (const layer of layers) {
    const targets = [...pairs.values()];
    for (const [tv, cv] of targets) addPair(layer.templates.get(q.category) ?? tv, layer.checklists.get(questionId) ?? cv);
  }
  const modelIds = [...new Set([...config.models.map(participantId), ...(summary?.summary.models ?? [])])].sort();
  const samples = Array.from({ length: config.samples }, (_, s) => s);
  const answers = modelIds.flatMap((model) => samples.map((sample) => ({ model, sample, questionId, key: generationKey(config.answersFrom?.campaign ?? campaignId, model, questionId, sample) })));
  const judgementKeys = answers.flatMap((a) =>
    config.judges.flatMap((judge) => [...pairs.values()].flatMap(([tv, cv]) => Array.from({ length: config.judgeRounds }, (_, r) => judgementKey(campaignId, a.key, participantId(judge), tv, r, cv)))),
  );
  const [texts, verdictDocs, conversation, later, reviewFacts] = await Promise.all([
    byIds(
      answers.map((a) => a.key),
      (id) => generations.findOne({ _id: id }),
    ),
    byIds(judgementKeys, (id) => judgements.findOne({ _id: id }, { projection: { raw: 0 } })),
    conversationOf(db, doc.datasetId, q),
    checklistVersions.find({ datasetId: doc.datasetId, questionId }).sort({ version: 1 }).toArray(),
    reviewsOf(db, campaignId, answers),
  ]);
  const judged = [...verdictDocs.values()].map((j) => ({ ...judgementFact(j), key: j._id, ...(j.rationale ? { rationale: j.rationale } : {}) }));
  const versions = new Map(answers.map((a) => [a.key, versionOf({ generationKey: a.key, category: q.category, questionId }, baseTemplates, layers)]));
  const isCurrent = (j: (typeof judged)[number]) => {
    const v = versions.get(j.generationKey);
    return v !== undefined && madeUnder(j, v);
  };
  const options = campaignAggregateOptions(config, [q]);
  const threshold = options.categoryThresholds?.[q.category] ?? options.threshold ?? 4;
  const [row] = questionRows({
    questions: [q],
    records: judged.filter(isCurrent).map((j) => scoreRecordOf({ questionId, category: q.category, groupCode: q.groupCode, round: q.round, ...j })),
    models: modelIds,
    threshold: () => threshold,
    ...(options.panelRule ? { panelRule: options.panelRule } : {}),
    failedAnswers: [...texts.values()].filter((g) => g.status === 'failed').map((g) => ({ questionId, model: g.model })),
    reviews: reviewFacts.map((r) => ({ questionId, model: r.model, sample: r.sample, usable: r.usable })),
  });
  const models = modelIds.map((model, i): ModelView => {
    const shown = answers.filter((a) => a.model === model && (texts.has(a.key) || judged.some((j) => j.generationKey === a.key)));
    return {
      model,
      cell: row!.cells[i]!,
      answers: shown.map((a): AnswerView => {
        const g = texts.get(a.key);
        const version = versions.get(a.key);
        const verdicts = judged
          .filter((j) => j.generationKey === a.key)
          .map((j) => ({ ...j, current: isCurrent(j) }))
          .sort((x, y) => Number(y.current) - Number(x.current) || x.judge.localeCompare(y.judge) || x.judgeRound - y.judgeRound || x.key.localeCompare(y.key));
        return {
          sample: a.sample,
          generationKey: a.key,
          status: g?.status ?? 'missing',
          ...(g?.text !== undefined ? { text: g.text } : {}),
          ...(g?.status === 'failed' ? { failedKind: g.error?.kind ?? 'error' } : {}),
          ...(g?.finishReason ? { finishReason: g.finishReason } : {}),
          ...(version ? { version } : {}),
          judgements: verdicts,
          reviews: reviewFacts.filter((r) => r.model === model && r.sample === a.sample),
        };
      }),
    };
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
    models: models.filter((m) => m.answers.length > 0),
  };
}

/** A judgement's raw text, when it belongs to the campaign. */
export async function rawJudgement(db: Db, campaignId: string, key: string): Promise<{ key: string; raw: string | null } | null> {
  const doc = await collections(db).judgements.findOne({ _id: key }, { projection: { campaignId: 1, raw: 1 } });
  if (!doc || doc.campaignId !== campaignId) return null;
  return { key, raw: doc.raw ?? null };
}

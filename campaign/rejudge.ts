import type { Db } from 'mongodb';
import type { StoredVerdict } from '../scoring/agreement/review-rows.js';
import { judgeModeFor } from '../scoring/judge-modes/index.js';
import { templateKey } from '../scoring/judge-template.js';
import { selectCurrentRecords } from '../scoring/judging-version.js';
import { disagreeingAnswers, refinementHash, resolveRejudge, type RejudgeCandidate, type RejudgeChanges, type RejudgeFilters, type ResolvedRejudge } from '../scoring/refinement-targets.js';
import { answerIdOf, reviewCandidates } from '../scoring/sampling/candidates.js';
import type { ScoreRecord } from '../scoring/score-record.js';
import { collections } from '../store/collections.js';
import { isDuplicateKey } from '../store/mongo.js';
import type { RefinementDoc, RefinementRequest } from '../store/refinement-docs.js';
import { listRefinements } from '../store/refinements.js';
import type { CampaignDoc } from '../store/campaign-docs.js';
import type { CampaignResult } from '../workflows/campaign.js';
import { rejudgeSignal, type RejudgeRequest } from '../workflows/messages.js';
import { loadCampaign, type LoadedCampaign } from './context.js';
import { loadCurrentScores, type CurrentScores } from './current-scores.js';
import { readTemplateDir, saveTemplateVersions } from './judge-templates.js';
import { refinementId, rejudgeWorkflowId } from './keys.js';
import { campaignWorkflowOptions, type ServiceContext } from './start.js';
import { ensureSearchAttributes } from './temporal.js';

/** Generation keys per targets page: a page is one activity result, well under Temporal's payload limits. */
export const TARGETS_PAGE_SIZE = 500;

export interface RejudgeInput {
  campaignId: string;
  categories?: string[];
  questionIds?: string[];
  disagreements?: boolean;
  /** a directory of judge templates: new versions for the categories whose template differs from what counts now */
  templatesDir?: string;
  /** judge against each question's latest checklist version where an older one counts now */
  checklists?: boolean;
  reason?: string;
  author: string;
  now?: Date;
}

/** What a campaign's judging looks like now, read once for a re-judge. */
interface JudgingState {
  campaign: LoadedCampaign;
  scores: CurrentScores;
  refinements: RefinementDoc[];
  answers: RejudgeCandidate[];
  /** blind first verdicts of every review of the campaign */
  verdicts: StoredVerdict[];
}

const sortedUnique = (xs: readonly string[] | undefined) => (xs && xs.length > 0 ? [...new Set(xs)].sort() : undefined);

/** The request as stored and hashed: filters sorted, flags only when set (the directory is named; its versions are hashed). */
function normalRequest(input: RejudgeInput): RefinementRequest {
  const categories = sortedUnique(input.categories);
  const questionIds = sortedUnique(input.questionIds);
  return {
    ...(categories ? { categories } : {}),
    ...(questionIds ? { questionIds } : {}),
    ...(input.disagreements ? { disagreements: true } : {}),
    ...(input.checklists ? { checklists: true } : {}),
    ...(input.templatesDir ? { templatesDir: input.templatesDir } : {}),
  };
}

async function judgingState(db: Db, campaignId: string): Promise<JudgingState> {
  const campaign = await loadCampaign(db, campaignId);
  const { reviews, reviewSubmissions } = collections(db);
  const [scores, refinements, reviewIds] = await Promise.all([loadCurrentScores(db, campaign), listRefinements(db, campaignId), reviews.find({ campaignId }, { projection: { _id: 1 } }).toArray()]);
  const verdicts = reviewIds.length === 0 ? [] : await reviewSubmissions.find({ reviewId: { $in: reviewIds.map((r) => r._id) } }, { projection: { answerId: 1, reviewer: 1, score: 1, usable: 1, dimensions: 1 } }).toArray();
  const planned = new Set(scores.planned.map((q) => q.id));
  const answers = new Map<string, RejudgeCandidate>();
  for (const r of scores.allRecords) {
    if (r.generationKey === undefined || !planned.has(r.questionId) || answers.has(r.generationKey)) continue;
    answers.set(r.generationKey, { generationKey: r.generationKey, category: r.category, questionId: r.questionId, answerId: answerIdOf(r) });
  }
  return { campaign, scores, refinements, answers: [...answers.values()], verdicts };
}

/** Checks the filters against the campaign and turns them into a selection (disagreements as of `records`). */
function filtersOf(state: JudgingState, request: RefinementRequest, records: readonly ScoreRecord[]): RejudgeFilters {
  const { campaign, scores } = state;
  const categories = new Set(scores.planned.map((q) => q.category));
  const unknownCategories = (request.categories ?? []).filter((c) => !categories.has(c as never));
  if (unknownCategories.length > 0) throw new Error(`--category: campaign ${campaign._id} has no ${unknownCategories.join(', ')} (it judges ${[...categories].sort().join(', ')})`);
  const questions = new Set(scores.planned.map((q) => q.id));
  const unknownQuestions = (request.questionIds ?? []).filter((q) => !questions.has(q));
  if (unknownQuestions.length > 0) throw new Error(`--questions: campaign ${campaign._id} has no question ${unknownQuestions.join(', ')}`);
  let answerIds: Set<string> | undefined;
  if (request.disagreements) {
    if (state.verdicts.length === 0) throw new Error(`--disagreements: campaign ${campaign._id} has no submitted review, so no disagreement to re-judge`);
    answerIds = disagreeingAnswers(reviewCandidates(records, campaign.config.judging, campaign.config.threshold), state.verdicts);
  }
  return { ...(request.categories ? { categories: request.categories } : {}), ...(request.questionIds ? { questionIds: request.questionIds } : {}), ...(answerIds ? { answerIds } : {}) };
}

/** The newest checklist version per question of the campaign's dataset (0, as imported, is not listed). */
async function latestChecklists(db: Db, datasetId: string): Promise<Map<string, number>> {
  const latest = new Map<string, number>();
  for (const v of await collections(db).checklistVersions.find({ datasetId }, { projection: { questionId: 1, version: 1 } }).toArray()) {
    latest.set(v.questionId, Math.max(v.version, latest.get(v.questionId) ?? 0));
  }
  return latest;
}

export interface ResolvedRefinement {
  request: RefinementRequest;
  resolved: ResolvedRejudge;
  /** the texts of the new templates, by category */
  templates: RefinementDoc['templates'];
  contentHash: string;
  /** the stored refinement this request resolves to, when it was asked for before */
  existing?: RefinementDoc;
}

/**
 * Resolves a re-judge without storing anything: which answers it touches and with which versions. The same request
 * asked again resolves to the refinement stored for it (found by its content hash, resolved as of before it);
 * a request that is new but selects no answer, or changes nothing for the answers it selects, is refused.
 */
export async function resolveRefinement(db: Db, input: RejudgeInput): Promise<ResolvedRefinement & { state: JudgingState }> {
  if (!input.templatesDir && !input.checklists) {
    throw new Error('nothing new to judge with: give --templates DIR (new judge templates) and/or --checklists (newer checklist versions); the same templates and checklists would find every verdict stored');
  }
  const state = await judgingState(db, input.campaignId);
  const { campaign, scores } = state;
  const request = normalRequest(input);
  const changes: RejudgeChanges & { texts: RefinementDoc['templates'] } = { texts: [] };
  if (input.templatesDir) {
    const dir = await readTemplateDir(input.templatesDir);
    const { judging } = campaign.config;
    const categories = [...new Set(scores.planned.map((q) => q.category))];
    const matching = categories.flatMap((category) => dir.filter((t) => t.key === templateKey(category, judging.language, judgeModeFor(category, judging).mode)));
    if (matching.length === 0) throw new Error(`${input.templatesDir}: no template for campaign ${campaign._id}'s categories in its language and mode (${categories.map((c) => templateKey(c, judging.language, judgeModeFor(c, judging).mode)).join(', ')})`);
    changes.templates = new Map(matching.map((t) => [t.category, t.version]));
    changes.texts = matching.map((t) => ({ category: t.category, key: t.key, id: t.id, version: t.version, text: t.text }));
  }
  if (input.checklists) changes.checklists = await latestChecklists(db, campaign.datasetId);

  const resolveAt = (beforeSeq?: number) => {
    const records = beforeSeq === undefined ? scores.records : selectCurrentRecords(scores.allRecords, scores.baseTemplates, scores.layers, beforeSeq);
    const resolved = resolveRejudge(state.answers, scores.baseTemplates, scores.layers, filtersOf(state, request, records), changes, beforeSeq);
    const templates = changes.texts.filter((t) => resolved.templates.has(t.category));
    const { templatesDir: _dir, ...hashed } = request;
    return { request, resolved, templates, contentHash: refinementHash(hashed, resolved) };
  };
  for (const existing of [...state.refinements].reverse()) {
    const earlier = resolveAt(existing.seq);
    if (earlier.contentHash === existing.contentHash) return { ...earlier, existing, state };
  }
  const now = resolveAt();
  if (now.resolved.selected === 0) throw new Error(`the filters select no judged answer of campaign ${campaign._id}`);
  if (now.resolved.targets.length === 0) {
    throw new Error(`this re-judge changes nothing: the ${now.resolved.selected} answers it selects are already judged with these templates and checklist versions`);
  }
  return { ...now, state };
}

/** Stores a resolved refinement: its target pages first, then the document that publishes them. */
async function storeRefinement(db: Db, campaign: CampaignDoc, refinements: readonly RefinementDoc[], r: ResolvedRefinement, meta: { author: string; reason?: string; now?: Date }): Promise<RefinementDoc> {
  const seq = Math.max(0, ...refinements.map((x) => x.seq)) + 1;
  const id = refinementId(campaign._id, seq);
  const pages = Math.ceil(r.resolved.targets.length / TARGETS_PAGE_SIZE);
  const { refinementTargets, refinements: docs } = collections(db);
  for (let n = 0; n < pages; n += 1) {
    const generationKeys = r.resolved.targets.slice(n * TARGETS_PAGE_SIZE, (n + 1) * TARGETS_PAGE_SIZE);
    await refinementTargets.replaceOne({ _id: `${id}/p${n}` }, { refinementId: id, page: n, generationKeys }, { upsert: true });
  }
  const reason = meta.reason?.trim();
  const doc: RefinementDoc = {
    _id: id,
    campaignId: campaign._id,
    seq,
    request: r.request,
    templates: r.templates,
    checklists: [...r.resolved.checklists].map(([questionId, version]) => ({ questionId, version })),
    targets: r.resolved.targets.length,
    pages,
    contentHash: r.contentHash,
    author: meta.author,
    ...(reason ? { reason } : {}),
    createdAt: meta.now ?? new Date(),
    status: 'running',
  };
  await docs.insertOne(doc).catch((err: unknown) => {
    throw isDuplicateKey(err) ? new Error(`another re-judge of campaign ${campaign._id} was stored as refinement ${seq} at the same time: run this one again`, { cause: err }) : err;
  });
  return doc;
}

export interface RejudgeOutcome {
  refinementId: string;
  seq: number;
  /** false: the same re-judge was asked for before (then it is run again only if it did not finish) */
  created: boolean;
  targets: number;
  templates: { category: string; version: string }[];
  checklists: { questionId: string; version: number }[];
  /** signalled: the running campaign runs it; restarted: the finished campaign runs again to re-judge; done: it had finished */
  how: 'signalled' | 'restarted' | 'done';
  workflowId: string;
}

/**
 * `campaign rejudge`: resolves, stores and runs a refinement as part of the campaign's workflow. A running campaign
 * gets a signal; a finished one runs again under its id in rejudge mode (no generation, no second review, then a
 * report). Asking again for a finished refinement runs nothing; for an unfinished one, runs it again (stored
 * verdicts are found by key, so nothing is paid twice).
 */
export async function rejudgeCampaign(ctx: ServiceContext & { input: RejudgeInput }): Promise<RejudgeOutcome> {
  const { input } = ctx;
  if (!input.author.trim()) throw new Error('--author: name who asks for the re-judge');
  const r = await resolveRefinement(ctx.db, input);
  const { campaign } = r.state;
  let doc = r.existing;
  if (!doc) {
    const meta = { author: input.author.trim(), ...(input.reason ? { reason: input.reason } : {}), ...(input.now ? { now: input.now } : {}) };
    if (input.templatesDir) await saveTemplateVersions(ctx.db, await readTemplateDir(input.templatesDir), meta);
    doc = await storeRefinement(ctx.db, campaign, r.state.refinements, r, meta);
  }
  const outcome = {
    refinementId: doc._id,
    seq: doc.seq,
    created: !r.existing,
    targets: doc.targets,
    templates: doc.templates.map((t) => ({ category: t.category, version: t.version })),
    checklists: doc.checklists,
    workflowId: rejudgeWorkflowId(campaign._id, doc.seq),
  };
  if (doc.status === 'done') return { ...outcome, how: 'done' };
  if (doc.status !== 'running') await collections(ctx.db).refinements.updateOne({ _id: doc._id }, { $set: { status: 'running', updatedAt: new Date() } });
  return { ...outcome, how: await runInCampaign(ctx, campaign, { refinementId: doc._id, seq: doc.seq }) };
}

/** Hands a refinement to the campaign's workflow: a signal when it runs, else a new run in rejudge mode (signal-with-start does both atomically). */
async function runInCampaign(ctx: ServiceContext, campaign: CampaignDoc, request: RejudgeRequest): Promise<'signalled' | 'restarted'> {
  const handle = ctx.client.workflow.getHandle(campaign._id);
  const running = (await handle.describe().catch(() => undefined))?.status.name === 'RUNNING';
  // a finished run's model progress carries over, so `campaign status` still shows what was generated and judged
  const models = running ? [] : await handle.result().then((r: CampaignResult) => r.models, () => []);
  if (!running) {
    await ensureSearchAttributes(ctx.client, ctx.settings.temporalNamespace);
    await collections(ctx.db).campaigns.updateOne({ _id: campaign._id }, { $set: { status: 'running', updatedAt: new Date() } });
  }
  await ctx.client.workflow.signalWithStart('campaignWorkflow', {
    ...campaignWorkflowOptions(campaign, { campaignId: campaign._id, datasetName: campaign.datasetId, mode: 'rejudge', refinements: [request], models }, ctx.settings.publicUrl),
    signal: rejudgeSignal,
    signalArgs: [request],
  });
  return running ? 'signalled' : 'restarted';
}

/** Waits until a refinement is no longer running (the CLI's --wait); its final document. */
export async function waitForRefinement(db: Db, id: string, pollMs = 500): Promise<RefinementDoc> {
  for (;;) {
    const doc = await collections(db).refinements.findOne({ _id: id });
    if (!doc) throw new Error(`refinement ${id} does not exist`);
    if (doc.status !== 'running') return doc;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

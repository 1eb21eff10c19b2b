import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { refineChecklist } from '../../campaign/checklist-versions.js';
import { signalCampaign } from '../../campaign/control.js';
import { exportCampaign } from '../../campaign/export.js';
import { rejudgeCampaign, waitForRefinement, type RejudgeInput } from '../../campaign/rejudge.js';
import { buildExplorerSummary } from '../../campaign/explorer-summary.js';
import { compareRefinements } from '../../campaign/refinement-compare.js';
import { buildCampaignReport } from '../../campaign/report.js';
import { inviteReviewer } from '../../campaign/review-access.js';
import { openReview } from '../../campaign/review-sample.js';
import { submitReview } from '../../campaign/review-submit.js';
import { assignmentView } from '../../campaign/review-view.js';
import { notifyReviewPlanChanged } from '../../campaign/review-workflow.js';
import { exactMean } from '../../scoring/exact-mean.js';
import { BUILTIN_TEMPLATE_DIR } from '../../scoring/template-loader.js';
import { formatPercent, formatShare } from '../../scoring/report/number-format.js';
import { REFINEMENTS_TITLE } from '../../scoring/report/refinement-tables.js';
import type { JudgementDoc } from '../../store/campaign-docs.js';
import { collections } from '../../store/collections.js';
import type { ReviewSubmissionDoc } from '../../store/review-docs.js';
import { campaignPage } from '../../review/explorer-pages.js';
import { rejudgeProgressQuery } from '../../workflows/messages.js';
import { reviewWorkflowId } from '../../workflows/review-messages.js';
import { changedMkTemplates } from '../support/templates.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { scratchCli } from '../support/cli-run.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';
const CAMPAIGN = 'rj-campaign';
const REVIEW = 'rj-review';
const ROUNDS = 2;
const ARTIFACTS = path.resolve('out/test-artifacts/rejudge');

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5] }, [...MODELS, JUDGE], (harness) => (h = harness));
const { scratch, cli } = scratchCli(() => h, 'rejudge');

const changedTemplates = (): string => changedMkTemplates(path.join(scratch, 'templates'));

const rejudge = (input: Omit<RejudgeInput, 'campaignId' | 'author'>, campaignId = CAMPAIGN) =>
  rejudgeCampaign({ db: h.db, client: h.client, settings: h.settings, input: { campaignId, author: 'Dr. Test', ...input } });

/** Runs a re-judge to its end (the refinement and the campaign's run that reports it) and counts the provider calls it made. */
async function rejudgeCounted(input: Omit<RejudgeInput, 'campaignId' | 'author'>) {
  const before = h.fake.calls();
  const outcome = await rejudge(input);
  const refinement = await waitForRefinement(h.db, outcome.refinementId, 100);
  const result = await h.result(CAMPAIGN);
  const after = h.fake.calls();
  const newKeys = Object.keys(after.byKey).filter((k) => after.byKey[k] !== before.byKey[k]);
  const generationCalls = MODELS.reduce((n, m) => n + (after.byModel[m] ?? 0) - (before.byModel[m] ?? 0), 0);
  return { outcome, refinement, result, calls: after.total - before.total, newKeys, generationCalls };
}

let templatesDir: string;
let submissions: ReviewSubmissionDoc[];
let baseMk: string;

beforeAll(async () => {
  const { configFile } = await h.writeConfig({ sub: 'rj', models: MODELS, judges: [JUDGE], samples: 1, judgeRounds: ROUNDS, extra: { filters: { categories: ['MK', 'MR'] } } });
  await h.start(configFile, CAMPAIGN);
  expect((await h.result(CAMPAIGN)).status).toBe('completed');
  await openReview({ db: h.db, client: h.client }, { campaignId: CAMPAIGN, reviewId: REVIEW, size: 12, seed: 3, perItem: 1 });
  const { reviewer } = await inviteReviewer(h.db, { reviewId: REVIEW, name: 'Dr. A', publicUrl: 'http://127.0.0.1:1' });
  await notifyReviewPlanChanged(h.client, REVIEW);
  const doc = (await collections(h.db).reviewers.findOne({ _id: reviewer }))!;
  let k = 0;
  for (const slot of await collections(h.db).reviewAssignments.find({ reviewer }).sort({ answerId: 1 }).toArray()) {
    await assignmentView(h.db, doc, slot._id);
    const score = [5, 1, 4, 2, 3, 0][k++ % 6]!;
    expect(await submitReview(h.db, doc, slot._id, { score, usable: score >= 4 })).toMatchObject({ stored: true });
  }
  await notifyReviewPlanChanged(h.client, REVIEW);
  expect(await h.client.workflow.getHandle(reviewWorkflowId(REVIEW)).result()).toMatchObject({ status: 'complete' });
  submissions = await collections(h.db).reviewSubmissions.find({ reviewId: REVIEW }).toArray();
  templatesDir = changedTemplates();
  baseMk = (await collections(h.db).campaigns.findOne({ _id: CAMPAIGN }))!.templates!.find((t) => t.key === 'MK/zh/score')!.version;
});

const succeededAnswers = (category: string) => collections(h.db).generations.countDocuments({ campaignId: CAMPAIGN, category: category as never, status: 'succeeded' });

/** Independent before/after from the stored rows: judgements of one version per category, the review's submissions. */
function independentFigures(judgements: readonly JudgementDoc[], versionOf: (j: JudgementDoc) => boolean) {
  const chosen = judgements.filter(versionOf);
  const scoresOf = new Map<string, number[]>();
  for (const j of chosen) {
    const id = `${j.model}/${j.questionId}/${j.sample}`;
    scoresOf.set(id, [...(scoresOf.get(id) ?? []), ...(j.status === 'succeeded' && typeof j.score === 'number' ? [j.score] : [])]);
  }
  const usableMean = (scores: number[]) => scores.length > 0 && exactMean(scores) >= 4;
  const mk = submissions.filter((s) => s.category === 'MK');
  const agree = mk.filter((s) => usableMean(scoresOf.get(s.answerId) ?? []) === s.usable).length;
  const op = new Map<string, string>();
  const mkUsability = new Map<string, string>();
  for (const model of MODELS) {
    const byQuestion = new Map<string, { category: string; scores: number[] }>();
    for (const j of chosen.filter((x) => x.model === model)) {
      const q = byQuestion.get(j.questionId) ?? { category: j.category, scores: [] };
      if (j.status === 'succeeded' && typeof j.score === 'number') q.scores.push(j.score);
      byQuestion.set(j.questionId, q);
    }
    const all = [...byQuestion.values()];
    const mkQs = all.filter((q) => q.category === 'MK');
    op.set(model, formatPercent((100 * all.filter((q) => usableMean(q.scores)).length) / all.length));
    mkUsability.set(model, formatPercent((100 * mkQs.filter((q) => usableMean(q.scores)).length) / mkQs.length));
  }
  return { n: mk.length, agreement: formatShare(agree / mk.length), op, mkUsability };
}

describe('campaign rejudge', () => {
  it('re-judges exactly one category\'s answers with a changed template: answers × judges × rounds new calls, no generation, old verdicts kept', async () => {
    const mkAnswers = await succeededAnswers('MK');
    const oldMk = await collections(h.db).judgements.countDocuments({ campaignId: CAMPAIGN, templateVersion: baseMk });
    const run = await rejudgeCounted({ categories: ['MK'], templatesDir, reason: 'physicians: MK too lenient' });
    expect(run.outcome).toMatchObject({ created: true, seq: 1, how: 'restarted', targets: mkAnswers });
    expect(run.refinement).toMatchObject({ status: 'done', judged: mkAnswers * ROUNDS, failed: 0 });
    expect(run.calls).toBe(mkAnswers * 1 * ROUNDS);
    expect(run.generationCalls).toBe(0);
    const newVersion = run.outcome.templates[0]!.version;
    expect(run.outcome.templates).toEqual([{ category: 'MK', version: newVersion }]);
    expect(newVersion).not.toBe(baseMk);
    expect(run.newKeys.every((k) => k.includes(`/judge/${JUDGE}/${newVersion}/r`))).toBe(true);
    const { judgements, generations, reviews } = collections(h.db);
    expect(await judgements.countDocuments({ campaignId: CAMPAIGN, refinementId: run.outcome.refinementId })).toBe(mkAnswers * ROUNDS);
    expect(await judgements.countDocuments({ campaignId: CAMPAIGN, templateVersion: baseMk })).toBe(oldMk);
    // the finished campaign ran again only to re-judge and report: no second review, the report stored
    expect(await reviews.countDocuments({ campaignId: CAMPAIGN })).toBe(1);
    expect(run.result.status).toBe('completed');
    // its status still shows the models' progress of the run that generated them
    expect(run.result.models.map((m) => m.modelId).sort()).toEqual(MODELS);
    expect(await generations.countDocuments({ campaignId: CAMPAIGN })).toBe(await succeededAnswers('MK') + (await succeededAnswers('MR')));
    expect((await collections(h.db).judgeTemplates.findOne({ _id: newVersion }))).toMatchObject({ key: 'MK/zh/score', author: 'Dr. Test' });
  });

  it('the same re-judge again (CLI) is the stored refinement: 0 new calls', async () => {
    const before = h.fake.calls().total;
    const run = await cli(['campaign', 'rejudge', CAMPAIGN, '--category', 'MK', '--templates', templatesDir, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ created: false, seq: 1, how: 'done' });
    expect(h.fake.calls().total).toBe(before);
    expect(await collections(h.db).refinements.countDocuments({ campaignId: CAMPAIGN })).toBe(1);
  });

  it('the report\'s before/after table equals an independent computation from the stored rows', async () => {
    const report = await buildCampaignReport(h.db, CAMPAIGN, { resamples: 50 });
    const md = report.files['report.md']!;
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'report.md'), md);
    const section = md.slice(md.indexOf(`## ${REFINEMENTS_TITLE}`)).split('\n## ')[0]!;
    console.log(`\n${section}\n`);
    const refinement = (await collections(h.db).refinements.findOne({ campaignId: CAMPAIGN, seq: 1 }))!;
    const newVersion = refinement.templates[0]!.version;
    const judgements = await collections(h.db).judgements.find({ campaignId: CAMPAIGN }).toArray();
    const baseOf = (j: JudgementDoc) => j.templateVersion !== newVersion;
    const before = independentFigures(judgements, baseOf);
    const after = independentFigures(judgements, (j) => (j.category === 'MK' ? j.templateVersion === newVersion : baseOf(j)));
    const row = (scope: string, measure: string) => md.split('\n').find((l) => l.startsWith(`| 1 | ${scope} | ${measure} |`))?.split(' | ');
    expect(before.n).toBeGreaterThan(0);
    const agreement = row('MK', 'agreement % (n)')!;
    expect(agreement[3]).toBe(`${before.agreement} (${before.n})`);
    expect(agreement[4]).toBe(`${after.agreement} (${after.n})`);
    expect(agreement[5]).toContain(`MK: template ${baseMk}, checklist v0, refinement 0`);
    expect(agreement[6]).toContain(`MK: template ${newVersion}, checklist v0, refinement 1`);
    for (const model of MODELS) {
      expect(row(`${model} MK`, 'usability %')?.slice(3, 5)).toEqual([before.mkUsability.get(model), after.mkUsability.get(model)]);
      expect(row(model, 'OP %')?.slice(3, 5)).toEqual([before.op.get(model), after.op.get(model)]);
    }
    // kappa and AC1 rows stand beside it, and every format has the section
    expect(row('MK', 'kappa')).toBeDefined();
    expect(row('MK', 'AC1')?.[3]).toMatch(/^(—|-?\d\.\d{3})$/);
    expect(report.files['report.html']).toContain(`<h2>${REFINEMENTS_TITLE}</h2>`);
    expect(report.files['report.refinements.csv']).toMatch(/^refinement,scope,measure,before,after,before_versions,after_versions\n1,MK,agreement % \(n\),/);
    const json = JSON.parse(report.files['report.json']!) as { refinements: { seq: number; targets: number; reviewedItems: number }[] };
    expect(json.refinements).toEqual([expect.objectContaining({ seq: 1, targets: refinement.targets, reviewedItems: before.n })]);
    // the report the campaign's run stored has it too
    const stored = (await collections(h.db).reports.findOne({ _id: CAMPAIGN }))!.files.find((f) => f.name === 'report.md')!.text;
    expect(stored).toContain(`## ${REFINEMENTS_TITLE}`);
  });

  it('the explorer shows the same before/after as the report, built from its read models', async () => {
    const fromRawRows = await compareRefinements(h.db, CAMPAIGN);
    const built = await buildExplorerSummary(h.db, CAMPAIGN);
    expect(fromRawRows).toHaveLength(1);
    expect(built.summary.refinements).toEqual(fromRawRows);
    const html = campaignPage({ summary: built.summary, status: 'completed', builtAt: built.builtAt, stale: false }, 'csrf');
    expect(html).toContain(`<h2>${REFINEMENTS_TITLE}</h2>`);
    const mkAgreement = fromRawRows[0]!.after.agreement.MK!;
    expect(html).toMatch(new RegExp(`<td>1</td><td>MK</td><td>agreement % \\(n\\)</td><td>[^<]*</td><td>[^<]*\\(${mkAgreement.n}\\)</td>`));
  });

  it('--checklists after refine checklist re-judges exactly that question\'s answers, under keys with the checklist version', async () => {
    const question = (await collections(h.db).generations.findOne({ campaignId: CAMPAIGN, category: 'MR', status: 'succeeded' }))!.questionId;
    const file = path.join(scratch, 'checklist.txt');
    writeFileSync(file, '核心需求：\n1. 明确诊断\n2. 说明首选治疗\n次要需求：\n1. 提醒随访\n');
    await refineChecklist(h.db, { dataset: 'sample', questionId: question, file, reason: 'physicians: item missing', author: 'Dr. Li' });
    const answers = await collections(h.db).generations.countDocuments({ campaignId: CAMPAIGN, questionId: question, status: 'succeeded' });
    const run = await rejudgeCounted({ checklists: true });
    expect(run.outcome).toMatchObject({ created: true, seq: 2, targets: answers, templates: [], checklists: [{ questionId: question, version: 1 }] });
    expect(run.calls).toBe(answers * ROUNDS);
    expect(run.generationCalls).toBe(0);
    expect(run.newKeys.every((k) => k.includes('+c1/r') && k.includes(`/${question}/`))).toBe(true);
    const stored = await collections(h.db).judgements.find({ refinementId: run.outcome.refinementId }).toArray();
    expect(stored.map((j) => j.checklistVersion)).toEqual(Array(answers * ROUNDS).fill(1));

    // a seed export holds the verdicts that count now: one per answer and round, the refined ones where refined
    const exported = await exportCampaign(h.db, { campaignId: CAMPAIGN, format: 'seed', out: path.join(scratch, 'seed') });
    expect(exported.judgements).toBe(((await succeededAnswers('MK')) + (await succeededAnswers('MR'))) * ROUNDS);
    expect(exported.templateVersions).toContain((await collections(h.db).refinements.findOne({ campaignId: CAMPAIGN, seq: 1 }))!.templates[0]!.version);

    const status = await cli(['campaign', 'status', CAMPAIGN, '--json']);
    expect(status.code).toBe(0);
    const versions = (JSON.parse(status.stdout) as { versions: { baseTemplates: Record<string, { version: string }>; refinements: { seq: number; status: string; judged: number; targets: number }[] } }).versions;
    expect(versions.baseTemplates.MK!.version).toBe(baseMk);
    expect(versions.refinements.map((r) => [r.seq, r.status, r.targets, r.judged])).toEqual([
      [1, 'done', await succeededAnswers('MK'), (await succeededAnswers('MK')) * ROUNDS],
      [2, 'done', answers, answers * ROUNDS],
    ]);
  });

  it('refuses a re-judge that says nothing new, selects nothing or changes nothing, storing nothing', async () => {
    const count = () => collections(h.db).refinements.countDocuments({ campaignId: CAMPAIGN });
    const stored = await count();
    await expect(rejudge({ categories: ['MK'] })).rejects.toThrow(/nothing new to judge with: give --templates DIR/);
    await expect(rejudge({ categories: ['MTG'], checklists: true })).rejects.toThrow(/--category: campaign rj-campaign has no MTG/);
    await expect(rejudge({ questionIds: ['no-such-question'], checklists: true })).rejects.toThrow(/--questions: campaign rj-campaign has no question no-such-question/);
    await expect(rejudge({ categories: ['MR'], templatesDir })).rejects.toThrow(/changes nothing: the \d+ answers it selects are already judged/);
    const cliRun = await cli(['campaign', 'rejudge', CAMPAIGN, '--checklists', '--category', 'MK']);
    expect(cliRun.code).not.toBe(0);
    expect(cliRun.stderr).toMatch(/changes nothing/);
    expect(await count()).toBe(stored);
  });

  it('a running campaign (waiting on its review) gets the re-judge as a signal and runs it beside the review; pause holds it, cancel ends both', async () => {
    const id = 'rj-running';
    const { configFile } = await h.writeConfig({ sub: 'rj-running', models: [MODELS[0]!], judges: [JUDGE], samples: 1, judgeRounds: ROUNDS, extra: { filters: { categories: ['MK'] }, review: { sampleSize: 2, perItem: 1, seed: 1 } } });
    await h.start(configFile, id);
    for (let i = 0; i < 200 && !(await collections(h.db).reviews.findOne({ campaignId: id })); i += 1) await new Promise((r) => setTimeout(r, 100));
    const answers = await collections(h.db).generations.countDocuments({ campaignId: id, status: 'succeeded' });
    const before = h.fake.calls().total;
    // paused first: the re-judge waits, paying nothing, until the campaign resumes
    await signalCampaign(h.client, id, 'pause');
    const outcome = await rejudge({ templatesDir }, id);
    expect(outcome).toMatchObject({ created: true, seq: 1, how: 'signalled', targets: answers, workflowId: `${id}/rejudge/1` });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(h.fake.calls().total - before).toBe(0);
    expect(await h.client.workflow.getHandle(outcome.workflowId).query(rejudgeProgressQuery)).toMatchObject({ state: 'paused', targets: answers, calls: { done: 0, total: answers * ROUNDS } });
    expect((await collections(h.db).refinements.findOne({ _id: outcome.refinementId }))?.status).toBe('running');
    await signalCampaign(h.client, id, 'resume');
    expect(await waitForRefinement(h.db, outcome.refinementId, 100)).toMatchObject({ status: 'done', judged: answers * ROUNDS });
    expect(h.fake.calls().total - before).toBe(answers * ROUNDS);
    const handle = h.client.workflow.getHandle(id);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    // the child's result: ids and counts only
    expect(await h.client.workflow.getHandle(outcome.workflowId).result()).toMatchObject({ refinementId: outcome.refinementId, state: 'done', targets: answers, calls: { done: answers * ROUNDS, failed: 0, total: answers * ROUNDS } });
    const child = await h.client.workflow.getHandle(outcome.workflowId).describe();
    expect(child.status.name).toBe('COMPLETED');
    expect(child.searchAttributes.MedevalCampaignId).toEqual([id]);
    await signalCampaign(h.client, id, 'cancel');
    expect((await h.result(id)).status).toBe('cancelled');
  });

  it('CLI refine templates: checks every template of a directory (errors name the file) and stores new versions once', async () => {
    const dir = path.join(scratch, 'templates-mr');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'judge-MR.zh.md'), readFileSync(path.join(BUILTIN_TEMPLATE_DIR, 'judge-MR.zh.md'), 'utf8').replace('<!-- user -->', '注意推理步骤。\n<!-- user -->'));
    const args = ['refine', 'templates', '--dir', dir, '--reason', 'MR reasoning', '--author', 'Dr. Li'];
    const first = await cli(args);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/MR\/zh\/score judge-MR\.zh: version [0-9a-f]{12} stored \(new\)/);
    expect(first.stdout).toContain('new template versions for MR');
    const again = await cli(args);
    expect(again.stdout).toMatch(/\(already stored\)/);
    expect(again.stdout).toContain('no new template version');
    expect(await collections(h.db).judgeTemplates.countDocuments({ key: 'MR/zh/score', author: 'Dr. Li', reason: 'MR reasoning' })).toBe(1);

    writeFileSync(path.join(dir, 'judge-MK.zh.md'), 'no front matter');
    const stored = await collections(h.db).judgeTemplates.countDocuments({});
    const bad = await cli(args);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/judge-MK\.zh\.md: missing front matter/);
    expect(await collections(h.db).judgeTemplates.countDocuments({})).toBe(stored);
  });

  it('--disagreements re-judges only the reviewed answers whose physician\'s verdict differs from the judge\'s', async () => {
    const dir = path.join(scratch, 'templates-disagreements');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'judge-MK.zh.md'), readFileSync(path.join(BUILTIN_TEMPLATE_DIR, 'judge-MK.zh.md'), 'utf8').replace('<!-- user -->', '请逐条核对核心需求与次要需求。\n<!-- user -->'));
    // independently: MK answers whose judge mean under refinement 1's template (what counts now) disagrees with the physician
    const current = (await collections(h.db).refinements.findOne({ campaignId: CAMPAIGN, seq: 1 }))!.templates[0]!.version;
    const judgements = await collections(h.db).judgements.find({ campaignId: CAMPAIGN, templateVersion: current }).toArray();
    const idOf = (j: JudgementDoc) => `${j.model}/${j.questionId}/${j.sample}`;
    const keyOf = new Map(judgements.map((j) => [idOf(j), j.generationKey]));
    const expected = submissions
      .filter((s) => s.category === 'MK')
      .filter((s) => {
        const scores = judgements.filter((j) => idOf(j) === s.answerId && typeof j.score === 'number').map((j) => j.score as number);
        return (scores.length > 0 && exactMean(scores) >= 4) !== s.usable;
      })
      .map((s) => keyOf.get(s.answerId)!)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const run = await rejudgeCounted({ disagreements: true, templatesDir: dir });
    expect(run.outcome).toMatchObject({ created: true, targets: expected.length, how: 'restarted' });
    expect((await collections(h.db).refinementTargets.findOne({ _id: `${run.outcome.refinementId}/p0` }))?.generationKeys).toEqual(expected);
    expect(run.calls).toBe(expected.length * ROUNDS);
    expect(run.generationCalls).toBe(0);
  });

  it('a large re-judge continues as new (here after every answer), keeping its place and its counts', async () => {
    const id = 'rj-pages';
    const { configFile } = await h.writeConfig({ sub: id, models: [MODELS[0]!], judges: [JUDGE], samples: 1, judgeRounds: ROUNDS, extra: { filters: { categories: ['MK'] }, orchestration: { conversationsPerRun: 1 } } });
    await h.start(configFile, id);
    expect((await h.result(id)).status).toBe('completed');
    const answers = await collections(h.db).generations.countDocuments({ campaignId: id, status: 'succeeded' });
    expect(answers).toBeGreaterThan(2);
    const before = h.fake.calls().total;
    const outcome = await rejudge({ templatesDir }, id);
    expect(await waitForRefinement(h.db, outcome.refinementId, 100)).toMatchObject({ status: 'done', judged: answers * ROUNDS });
    const result = await h.client.workflow.getHandle(outcome.workflowId).result();
    expect(result).toMatchObject({ state: 'done', targets: answers, calls: { done: answers * ROUNDS, failed: 0, skipped: 0, total: answers * ROUNDS } });
    expect(h.fake.calls().total - before).toBe(answers * ROUNDS);
    const runs: string[] = [];
    for await (const w of h.client.workflow.list({ query: `WorkflowId = '${outcome.workflowId}'` })) runs.push(w.runId);
    expect(runs).toHaveLength(answers);
    expect(await collections(h.db).judgements.countDocuments({ refinementId: outcome.refinementId })).toBe(answers * ROUNDS);
  });
});

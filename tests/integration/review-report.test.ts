import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCampaignReport } from '../../campaign/report.js';
import { inviteReviewer } from '../../campaign/review-access.js';
import { reviewAgreement } from '../../campaign/review-agreement.js';
import { openReview, sampleCampaignForReview } from '../../campaign/review-sample.js';
import { submitReview } from '../../campaign/review-submit.js';
import { assignmentView } from '../../campaign/review-view.js';
import { notifyReviewPlanChanged } from '../../campaign/review-workflow.js';
import { AGREEMENT_TITLE, hasAgreementSection } from '../../scoring/report/agreement-tables.js';
import { formatPercent } from '../../scoring/report/number-format.js';
import { collections } from '../../store/collections.js';
import { reviewWorkflowId } from '../../workflows/review-messages.js';
import type { ReviewSubmissionDoc } from '../../store/review-docs.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { scratchCli } from '../support/cli-run.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';
const CAMPAIGN = 'rr-campaign';
const REVIEW = 'rr-1';
const HOSTILE = ['=HYPERLINK("x")', '<script>alert(1)</script>', '@SUM(A1), "quoted"'];
const ARTIFACTS = path.resolve('out/test-artifacts/review-report');

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5] }, [...MODELS, JUDGE], (harness) => (h = harness));
const { scratch, cli } = scratchCli(() => h, 'review-report');

let submissions: ReviewSubmissionDoc[];

/** A physician's verdict that varies with the assignment, so that judge and physicians agree on some answers only. */
function verdict(k: number, form: 'score' | 'mtg-dimensions'): Record<string, unknown> {
  const comment = HOSTILE[k % 5];
  if (form === 'score') return { score: k % 6, usable: k % 6 >= 4 || k % 7 === 0, ...(comment ? { comment } : {}) };
  // MTG: the box is ticked at random; the dimensions (total 7, 4 or 0) decide
  const level = [5, 4, 3][k % 3]!;
  return { usable: k % 2 === 0, dimensions: { instruction_following: level, correctness: level, effectiveness: level, readability: level, safety: k % 4 === 3 ? 0 : 1 }, ...(comment ? { comment } : {}) };
}

beforeAll(async () => {
  const { configFile } = await h.writeConfig({ sub: 'rr', models: MODELS, judges: [JUDGE], samples: 1, judgeRounds: 2, extra: { filters: { categories: ['MK', 'MR', 'MTG'] }, judging: { mtgMode: 'dimensions' } } });
  await h.start(configFile, CAMPAIGN);
  expect((await h.result(CAMPAIGN)).status).toBe('completed');
  await openReview({ db: h.db, client: h.client }, { campaignId: CAMPAIGN, reviewId: REVIEW, size: 10, seed: 4, perItem: 2 });
  const invited = [await inviteReviewer(h.db, { reviewId: REVIEW, name: 'Dr. <b>A</b>', publicUrl: 'http://127.0.0.1:1' }), await inviteReviewer(h.db, { reviewId: REVIEW, name: '=Dr. B', publicUrl: 'http://127.0.0.1:1' })];
  await notifyReviewPlanChanged(h.client, REVIEW);
  const { reviewers, reviewAssignments } = collections(h.db);
  let k = 0;
  for (const { reviewer } of invited) {
    const doc = (await reviewers.findOne({ _id: reviewer }))!;
    for (const slot of await reviewAssignments.find({ reviewer }).sort({ answerId: 1 }).toArray()) {
      const view = (await assignmentView(h.db, doc, slot._id))!;
      const body = verdict(k++, view.form);
      // one checklist marked, so the export has marks to count
      if (k === 2) body.checklist = { core: view.checklist.core.map((_, i) => i % 2 === 0), secondary: view.checklist.secondary.map(() => true) };
      expect(await submitReview(h.db, doc, slot._id, body)).toMatchObject({ stored: true });
    }
  }
  // stored without updates (the app sends them): the workflow counts them when it reconciles, and completes
  await notifyReviewPlanChanged(h.client, REVIEW);
  expect(await h.client.workflow.getHandle(reviewWorkflowId(REVIEW)).result()).toMatchObject({ status: 'complete', submitted: 20 });
  // a later review with no submission: the report keeps showing the one that has them
  await sampleCampaignForReview(h.db, { campaignId: CAMPAIGN, reviewId: 'rr-2', size: 3, seed: 5, perItem: 1 });
  submissions = await collections(h.db).reviewSubmissions.find({ reviewId: REVIEW }).toArray();
  expect(submissions).toHaveLength(20);
});

/** Percent agreement per category computed here from the stored rows: judge mean of its valid rounds vs each review. */
async function independentAgreement(): Promise<Map<string, { n: number; agree: number; confusion: number[] }>> {
  const judged = new Map<string, number[]>();
  for (const j of await collections(h.db).judgements.find({ campaignId: CAMPAIGN }).toArray()) {
    const id = `${j.model}/${j.questionId}/${j.sample}`;
    judged.set(id, [...(judged.get(id) ?? []), ...(typeof j.score === 'number' ? [j.score] : [])]);
  }
  const byCategory = new Map<string, { n: number; agree: number; confusion: number[] }>();
  for (const s of submissions) {
    const scores = judged.get(s.answerId) ?? [];
    // MTG is judged on 0–7 (usable at 5) and the physicians' stored total is on 0–7 too
    const threshold = s.category === 'MTG' ? 5 : 4;
    const judge = scores.length > 0 && scores.reduce((a, b) => a + b, 0) / scores.length >= threshold;
    const physician = s.category === 'MTG' ? s.score >= 5 : s.usable;
    for (const key of [s.category, 'overall']) {
      const c = byCategory.get(key) ?? { n: 0, agree: 0, confusion: [0, 0, 0, 0] };
      c.n++;
      if (judge === physician) c.agree++;
      c.confusion[(physician ? 0 : 2) + (judge ? 0 : 1)]!++;
      byCategory.set(key, c);
    }
  }
  return byCategory;
}

describe('agreement in the campaign report', () => {
  it('Markdown: the agreement table and confusion matrices equal a computation from the stored rows', async () => {
    const report = await buildCampaignReport(h.db, CAMPAIGN, { resamples: 200 });
    const md = report.files['report.md']!;
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'report.md'), md);
    writeFileSync(path.join(ARTIFACTS, 'report.html'), report.files['report.html']!);
    expect(hasAgreementSection(md)).toBe(true);
    expect(md).toContain(`Review ${REVIEW} (complete): `);
    expect(md).toContain('by 2 physicians');
    expect(md).toContain('MTG (dimensions)');
    const expected = await independentAgreement();
    // the seed's sample holds every category of the campaign (with k = 2 of 2 reviewers, the verdicts follow the answers' order)
    expect([...expected.keys()].sort()).toEqual(['MK', 'MR', 'MTG', 'overall']);
    for (const [scope, c] of expected) {
      const row = md.split('\n').find((l) => l.startsWith(`| ${scope} | judge–physician |`));
      expect(row, scope).toBeDefined();
      const cells = row!.split(' | ');
      expect(cells[3], scope).toBe(String(c.n));
      expect(cells[4]!.split(' ')[0], scope).toBe(formatPercent((100 * c.agree) / c.n));
      const [tp, fn, fp, tn] = c.confusion;
      expect(md).toContain(`| ${scope} | usable | tp ${tp} | fn ${fn} | ${tp! + fn!} |`);
      expect(md).toContain(`| ${scope} | not usable | fp ${fp} | tn ${tn} | ${fp! + tn!} |`);
    }
    // with k = 2 everywhere, judge–majority and physician–physician rows stand beside judge–physician
    expect(md).toMatch(/\| overall \| judge–majority \| 10 \(\d+ tied\) \|/);
    expect(md).toMatch(/\| overall \| physician–physician \| 10 \| 10 \|/);
    expect(md).toContain(`## ${AGREEMENT_TITLE}: usability corrected by the physicians`);
    expect(md).toContain('![Confusion matrices, physicians against the judge](report.agreement.svg)');

    const html = report.files['report.html']!;
    expect(html).toContain(`<h2>${AGREEMENT_TITLE}</h2>`);
    expect(html).toMatch(/<figure class="confusion"><svg[\s\S]*?<\/svg><\/figure>/);
    expect(report.files['report.agreement.svg']).toMatch(/^<svg/);
    const json = JSON.parse(report.files['report.json']!) as { agreement: { reviewId: string; items: number; reviews: number } };
    expect(json.agreement).toMatchObject({ reviewId: REVIEW, items: 10, reviews: 20 });
  });

  it('a campaign without a review renders no agreement section', async () => {
    const { configFile } = await h.writeConfig({ sub: 'plain', models: [MODELS[0]!], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: { filters: { categories: ['MR'] } } });
    await h.start(configFile, 'rr-plain');
    expect((await h.result('rr-plain')).status).toBe('completed');
    const report = await buildCampaignReport(h.db, 'rr-plain', { resamples: 20 });
    expect(hasAgreementSection(report.files['report.md']!)).toBe(false);
    expect(report.files['report.html']).not.toContain(AGREEMENT_TITLE);
    expect(Object.keys(report.files).filter((f) => f.includes('agreement'))).toEqual([]);
    expect(JSON.parse(report.files['report.json']!).agreement).toBeUndefined();
  });
});

describe('review export and status', () => {
  it('CLI export: one row per submission in CSV and JSONL, stored strings kept as text, formula prefixes neutralised', async () => {
    const csvFile = path.join(scratch, 'out', 'rr.csv');
    const run = await cli(['review', 'export', REVIEW, '--out', csvFile]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`review ${REVIEW}: 20 submissions → ${csvFile} (csv)`);
    const lines = readFileSync(csvFile, 'utf8').trimEnd().split('\n');
    // no stored value holds a newline, so a line is a record: the header and one per submission
    expect(lines).toHaveLength(1 + submissions.length);
    expect(lines[0]).toMatch(/^review_id,reviewer_id,reviewer_name,assignment_id,answer_id,category,/);
    const csv = lines.join('\n');
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(csv).toContain(',<script>alert(1)</script>,');
    expect(csv).toContain(`,"'@SUM(A1), ""quoted""",`);
    expect(csv).toContain(`,'=Dr. B,`);
    expect(csv).not.toMatch(/,=/);

    const jsonlFile = path.join(scratch, 'out', 'rr.txt');
    expect((await cli(['review', 'export', REVIEW, '--out', jsonlFile, '--format', 'jsonl'])).code).toBe(0);
    const rows = readFileSync(jsonlFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(submissions.length);
    expect(new Set(rows.map((r) => r.assignment_id))).toEqual(new Set(submissions.map((s) => s._id)));
    for (const s of submissions) {
      const row = rows.find((r) => r.assignment_id === s._id)!;
      expect(row).toMatchObject({ review_id: REVIEW, reviewer_id: s.reviewer, answer_id: s.answerId, category: s.category, physician_score: s.score, physician_usable: s.usable, comment: s.comment ?? null, revisions: 0, judge_source: 'current' });
    }
    expect(rows.filter((r) => r.checklist !== null)).toHaveLength(1);

    const unknown = await cli(['review', 'export', 'no-such-review', '--out', path.join(scratch, 'out', 'x.csv')]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/review no-such-review does not exist/);
    const noFormat = await cli(['review', 'export', REVIEW, '--out', path.join(scratch, 'out', 'x.xlsx')]);
    expect(noFormat.code).not.toBe(0);
    expect(noFormat.stderr).toMatch(/--format csv\|jsonl/);
  });

  it('CLI status --json: the documented shape at the top, the same figures as the service, PPI per category', async () => {
    const run = await cli(['review', 'status', REVIEW, '--json']);
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as Record<string, unknown> & { perCategory: Record<string, Record<string, unknown>>; overall: Record<string, unknown>; progress: { submitted: number } };
    expect(status).toMatchObject({ items: 10, reviews: 20 });
    for (const group of [...Object.values(status.perCategory), status.overall]) {
      for (const field of ['n', 'agreement', 'kappa', 'ac1', 'confusion']) expect(group).toHaveProperty(field);
      expect(group.confusion).toHaveLength(2);
    }
    const service = await reviewAgreement(h.db, REVIEW);
    const { progress, reviewerNames, ...agreement } = status;
    expect(agreement).toEqual(JSON.parse(JSON.stringify(service)));
    const reviewers = await collections(h.db).reviewers.find({ reviewId: REVIEW }).toArray();
    expect(reviewerNames).toEqual(Object.fromEntries(reviewers.map((r) => [r._id, r.name])));
    expect(progress.submitted).toBe(20);
    expect(Object.keys(service.ppi.perCategory)).toEqual(Object.keys(service.perCategory));
    // PPI population: every judged answer of the category (2 models × its questions × 1 sample)
    const answers = new Set((await collections(h.db).judgements.find({ campaignId: CAMPAIGN, category: 'MK' }).toArray()).map((j) => j.generationKey));
    expect(service.ppi.perCategory.MK!.questions).toBe(answers.size);
    expect(service.humanUsableFrom).toMatchObject({ MTG: 'dimensions' });

    const human = await cli(['review', 'status', REVIEW]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/judge–majority .* physician–physician /);
    for (const r of reviewers) expect(human.stdout).toMatch(new RegExp(`${r._id} +${r.name.replace('.', '\\.')} +\\d+/\\d+, done`));
    expect(human.stdout).toMatch(/MK +judge +[\d.]+ % +corrected +-?[\d.]+ %/);
  });
});

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign } from '../../campaign/context.js';
import { loadCurrentScores } from '../../campaign/current-scores.js';
import { rebuildExplorer } from '../../campaign/explorer-summary.js';
import { generationKey } from '../../campaign/keys.js';
import { buildCampaignReport } from '../../campaign/report.js';
import { authenticate, inviteReviewer, type Invitation } from '../../campaign/review-access.js';
import { sampleCampaignForReview } from '../../campaign/review-sample.js';
import { submitReview } from '../../campaign/review-submit.js';
import { listAssignments } from '../../campaign/review-view.js';
import { inviteTeamMember, revokeTeamMember, type TeamInvitation } from '../../campaign/team-access.js';
import { reviewServer, SESSION_COOKIE } from '../../review/server.js';
import { TEAM_COOKIE } from '../../review/explorer-routes.js';
import { judgesDisagree } from '../../scoring/sampling/bands.js';
import { collections } from '../../store/collections.js';
import type { ExplorerFactDoc } from '../../store/explorer-docs.js';
import { explorerCollections } from '../../store/explorer.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { harnessEnv, runMedeval } from '../support/cli-run.js';
import { reviewClient } from '../support/review-client.js';

const CAMPAIGN = 'explorer-campaign';
const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';
/** refused (not retryable): a failed answer, and the later rounds of its conversation skipped */
const REFUSED = generationKey(CAMPAIGN, 'sim-model-b', 'MR-1-1', 0);

let h: CampaignHarness;
runningHarness(
  { latencyMs: [0, 5], seed: 3, faults: [{ fault: 'refusal', keys: [REFUSED] }, { fault: 'refusal', model: JUDGE, calls: [3] }], judgeScores: { [JUDGE]: [5, 2, 4, 4, 1, 5, 3, 5] }, malformedJudgeRate: { [JUDGE]: 0.15 } },
  [...MODELS, JUDGE],
  (harness) => (h = harness),
);

let app: FastifyInstance;
let base: string;
let team: TeamInvitation;
let reviewer: Invitation;
/** the read models as the write path left them, before any rebuild */
let incremental: ExplorerFactDoc[];
const readModels = async () => (await explorerCollections(h.db).facts.find({ campaignId: CAMPAIGN }).toArray()).sort((a, b) => a._id.localeCompare(b._id));
let call: ReturnType<typeof reviewClient>['call'];
let page: ReturnType<typeof reviewClient>['page'];

/** The team's cookie session through the API, and its CSRF token. */
async function teamSignIn(invitation: TeamInvitation): Promise<{ cookie: string; csrf: string }> {
  const res = await call('POST', '/api/explorer/session', { body: { token: new URL(invitation.url).searchParams.get('token') } });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Strict/i);
  return { cookie: new RegExp(`${TEAM_COOKIE}=([^;]+)`).exec(setCookie)![1]!, csrf: res.body.csrfToken as string };
}

const teamCall = (method: string, path: string, cookie: string, csrf?: string) =>
  fetch(`${base}${path}`, { method, headers: { cookie: `${TEAM_COOKIE}=${cookie}`, ...(csrf ? { 'x-csrf-token': csrf } : {}) } }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

beforeAll(async () => {
  const { configFile } = await h.writeConfig({ sub: 'explorer', models: MODELS, judges: [JUDGE], samples: 2, judgeRounds: 2, extra: { filters: { categories: ['MK', 'MR', 'MLU'] } } });
  await h.start(configFile, CAMPAIGN);
  expect((await h.result(CAMPAIGN)).status).toBe('completed');
  app = await reviewServer({ db: h.db, publicUrl: 'http://127.0.0.1:1' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  ({ call, page } = reviewClient(base));
  // a physician reviews six answers, saying the opposite of a fair judge on every other one
  await sampleCampaignForReview(h.db, { campaignId: CAMPAIGN, reviewId: 'explorer-review', size: 6, seed: 5, perItem: 1 });
  reviewer = await inviteReviewer(h.db, { reviewId: 'explorer-review', name: 'Dr. Reviewer', publicUrl: base });
  const doc = (await authenticate(h.db, { apiToken: reviewer.apiToken }))!;
  for (const [i, a] of (await listAssignments(h.db, doc)).entries()) await submitReview(h.db, doc, a.id, { score: i % 2 ? 1 : 5, usable: i % 2 === 0 });
  team = await inviteTeamMember(h.db, { name: 'Eve Evaluator', publicUrl: base });
  incremental = await readModels();
});
afterAll(async () => {
  await app?.close();
});

describe('campaign explorer', () => {
  it('only the team gets in: a reviewer\'s token or cookie gets 401 on every explorer route, a team member\'s none of the reviewer\'s pages', async () => {
    const reviewerSession = await reviewClient(base).signIn(reviewer);
    const routes = ['/api/explorer/session', '/api/explorer/campaigns', `/api/explorer/campaigns/${CAMPAIGN}`, `/api/explorer/campaigns/${CAMPAIGN}/questions`, `/api/explorer/campaigns/${CAMPAIGN}/questions/MK-1-1`];
    for (const route of routes) {
      expect((await call('GET', route)).status).toBe(401);
      expect((await call('GET', route, { bearer: reviewer.apiToken })).status).toBe(401);
      expect((await call('GET', route, { cookie: reviewerSession.cookie })).status).toBe(401);
    }
    expect((await call('POST', `/api/explorer/campaigns/${CAMPAIGN}/rebuild`, { bearer: reviewer.apiToken, body: {} })).status).toBe(401);
    for (const path of ['/explore', `/explore/c/${CAMPAIGN}`, `/explore/c/${CAMPAIGN}/questions`, `/explore/c/${CAMPAIGN}/q/MK-1-1`]) expect((await page(path, reviewerSession.cookie)).status).toBe(401);

    const { cookie, csrf } = await teamSignIn(team);
    // the team's session and token open no reviewer page or API
    const assignment = (await listAssignments(h.db, (await authenticate(h.db, { apiToken: reviewer.apiToken }))!))[0]!.id;
    expect((await call('GET', '/api/assignments', { bearer: team.apiToken })).status).toBe(401);
    expect((await call('GET', `/api/assignments/${assignment}`, { bearer: team.apiToken })).status).toBe(401);
    const asTeam = await fetch(`${base}/a/${assignment}`, { headers: { cookie: `${TEAM_COOKIE}=${cookie}` } });
    expect(asTeam.status).toBe(401);
    expect(await asTeam.text()).not.toContain('Reference answer');
    // the team's own: API token and cookie both work; a cookie change needs the CSRF token
    expect((await call('GET', '/api/explorer/campaigns', { bearer: team.apiToken })).status).toBe(200);
    expect((await teamCall('POST', `/api/explorer/campaigns/${CAMPAIGN}/rebuild`, cookie)).status).toBe(403);
    expect((await teamCall('POST', `/api/explorer/campaigns/${CAMPAIGN}/rebuild`, cookie, 'wrong')).status).toBe(403);
    expect((await teamCall('POST', `/api/explorer/campaigns/${CAMPAIGN}/rebuild`, cookie, csrf)).status).toBe(200);
    const signOut = await fetch(`${base}/explore/signout`, { method: 'POST', headers: { cookie: `${TEAM_COOKIE}=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=nope' });
    expect(signOut.status).toBe(403);
    // the sign-in link was spent once; a cookie named as the reviewers' is not the team's
    expect((await call('POST', '/api/explorer/session', { body: { token: new URL(team.url).searchParams.get('token') } })).status).toBe(401);
    expect((await fetch(`${base}/api/explorer/campaigns`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } })).status).toBe(401);
    // revoked: the token and sessions end at once
    const other = await inviteTeamMember(h.db, { name: 'Leaving', publicUrl: base });
    const otherSession = await teamSignIn(other);
    await revokeTeamMember(h.db, other.member);
    expect((await call('GET', '/api/explorer/campaigns', { bearer: other.apiToken })).status).toBe(401);
    expect((await teamCall('GET', '/api/explorer/campaigns', otherSession.cookie)).status).toBe(401);
  });

  it('OP per model equals the report\'s; counts equal the stored rows; the read models equal a full rebuild from the raw collections', async () => {
    const { generations, judgements, reviewSubmissions } = collections(h.db);
    expect(incremental.length).toBeGreaterThan(0);
    expect(incremental.filter((d) => d.kind === 'review').length).toBe(6);
    const rebuilt = await rebuildExplorer(h.db, CAMPAIGN);
    expect(await readModels()).toEqual(incremental);
    expect(rebuilt.facts).toBe(incremental.length);

    const overview = await call('GET', `/api/explorer/campaigns/${CAMPAIGN}`, { bearer: team.apiToken });
    expect(overview.status).toBe(200);
    const summary = overview.body.summary as { leaderboard: { model: string; op: number; usable: number; questions: number }[]; counts: Record<string, number> };
    const report = await buildCampaignReport(h.db, CAMPAIGN, { resamples: 50 });
    expect(summary.leaderboard.map((m) => [m.model, m.op, m.usable, m.questions]).sort()).toEqual(report.models.map((m) => [m.model, m.op, m.usable, m.questions]).sort());
    const stored = {
      generations: await generations.countDocuments({ campaignId: CAMPAIGN }),
      failedGenerations: await generations.countDocuments({ campaignId: CAMPAIGN, status: 'failed' }),
      judgements: await judgements.countDocuments({ campaignId: CAMPAIGN }),
      failedJudgements: await judgements.countDocuments({ campaignId: CAMPAIGN, status: 'failed' }),
      reviews: await reviewSubmissions.countDocuments({ reviewId: 'explorer-review' }),
    };
    expect(stored.failedGenerations).toBeGreaterThanOrEqual(1);
    expect(stored.failedJudgements).toBe(1);
    expect(stored.reviews).toBe(6);
    expect(summary.counts).toMatchObject(stored);
    // the campaigns list shows the same OP
    const list = (await call('GET', '/api/explorer/campaigns', { bearer: team.apiToken })).body.campaigns as { id: string; models: { model: string; op: number }[] }[];
    expect(list.find((c) => c.id === CAMPAIGN)!.models.map((m) => [m.model, m.op]).sort()).toEqual(report.models.map((m) => [m.model, m.op]).sort());
  });

  it('filters return exactly the questions an independent reading of the stored rows selects; bad values are 400 naming the parameter', async () => {
    const doc = await loadCampaign(h.db, CAMPAIGN);
    const { records, planned } = await loadCurrentScores(h.db, doc);
    const { generations, judgements, reviewSubmissions, reviewItems } = collections(h.db);
    const ids = async (query: string) => {
      const res = await call('GET', `/api/explorer/campaigns/${CAMPAIGN}/questions${query}`, { bearer: team.apiToken });
      expect(res.status).toBe(200);
      return (res.body.rows as { id: string }[]).map((r) => r.id).sort();
    };
    const sorted = (set: Iterable<string>) => [...new Set(set)].sort();

    expect(await ids('')).toEqual(sorted(planned.map((q) => q.id)));
    expect(await ids('?category=MK')).toEqual(sorted(planned.filter((q) => q.category === 'MK').map((q) => q.id)));
    expect(await ids('?q=mk-1-2')).toEqual(['MK-1-2']);

    // judge rounds flip: an answer (model, sample) whose counting valid scores span 2 points or straddle the threshold
    const byAnswer = new Map<string, { questionId: string; model: string; scores: number[] }>();
    for (const r of records) {
      const key = `${r.model}/${r.questionId}/${r.sample}`;
      const a = byAnswer.get(key) ?? { questionId: r.questionId, model: r.model, scores: [] };
      if (r.score !== null) a.scores.push(r.score);
      byAnswer.set(key, a);
    }
    const flips = [...byAnswer.values()].filter((a) => judgesDisagree(a.scores, doc.config.threshold));
    expect(flips.length).toBeGreaterThan(0);
    expect(await ids('?disagreement=rounds')).toEqual(sorted(flips.map((a) => a.questionId)));
    expect(await ids('?disagreement=rounds&model=sim-model-a')).toEqual(sorted(flips.filter((a) => a.model === 'sim-model-a').map((a) => a.questionId)));

    // a physician disagrees: their blind usable differs from the judge's decision on that answer
    const items = new Map((await reviewItems.find({ reviewId: 'explorer-review' }).toArray()).map((i) => [i.answerId, i]));
    const disagreeing = (await reviewSubmissions.find({ reviewId: 'explorer-review' }).toArray()).flatMap((s) => {
      const scores = byAnswer.get(s.answerId)!.scores;
      const mean = scores.reduce((x, y) => x + y, 0) / scores.length;
      return scores.length > 0 && mean >= doc.config.threshold !== s.usable ? [items.get(s.answerId)!.questionId] : [];
    });
    expect(disagreeing.length).toBeGreaterThan(0);
    expect(await ids('?disagreement=physicians')).toEqual(sorted(disagreeing));
    expect(await ids('?disagreement=any')).toEqual(sorted([...disagreeing, ...flips.map((a) => a.questionId)]));

    // failed calls (answers and judges) and invalid verdicts, from the raw rows
    const failed = [...(await generations.find({ campaignId: CAMPAIGN, status: 'failed' }).toArray()), ...(await judgements.find({ campaignId: CAMPAIGN, status: 'failed' }).toArray())].map((d) => d.questionId);
    expect(await ids('?failed=1')).toEqual(sorted(failed));
    const invalid = (await judgements.find({ campaignId: CAMPAIGN, status: 'succeeded', valid: false }).toArray()).map((d) => d.questionId);
    expect(invalid.length).toBeGreaterThan(0);
    expect(await ids('?invalid=1')).toEqual(sorted(invalid));

    for (const [query, field] of [['?band=middle', 'band'], ['?model=nope', 'model'], ['?failed=maybe', 'failed'], ['?category=XX', 'category']] as const) {
      const res = await call('GET', `/api/explorer/campaigns/${CAMPAIGN}/questions${query}`, { bearer: team.apiToken });
      expect(res.status).toBe(400);
      expect(String(res.body.error)).toMatch(new RegExp(`^${field}:`));
    }
    expect((await call('GET', '/api/explorer/campaigns/no-such-campaign', { bearer: team.apiToken })).status).toBe(404);
    expect((await call('GET', `/api/explorer/campaigns/${CAMPAIGN}/questions/NOPE-1-1`, { bearer: team.apiToken })).status).toBe(404);
  });

  it('a question shows every stored verdict with its rationale and versions, the raw judge text a request away, and the physicians\' reviews', async () => {
    const item = (await collections(h.db).reviewItems.find({ reviewId: 'explorer-review' }).toArray())[0]!;
    const res = await call('GET', `/api/explorer/campaigns/${CAMPAIGN}/questions/${item.questionId}`, { bearer: team.apiToken });
    expect(res.status).toBe(200);
    type Answer = { sample: number; text?: string; judgements: { key: string; rationale?: string; current: boolean; templateVersion: string; checklistVersion?: number }[]; reviews: { reviewerName: string }[] };
    const models = res.body.models as { model: string; answers: Answer[] }[];
    const stored = await collections(h.db).judgements.find({ campaignId: CAMPAIGN, questionId: item.questionId }).toArray();
    const shown = models.flatMap((m) => m.answers.flatMap((a) => a.judgements));
    expect(shown.map((j) => j.key).sort()).toEqual(stored.map((j) => j._id).sort());
    for (const j of shown) {
      const row = stored.find((s) => s._id === j.key)!;
      expect(j.rationale).toBe(row.rationale);
      expect(j.templateVersion).toBe(row.templateVersion);
      expect(j.current).toBe(true);
    }
    const answer = models.find((m) => m.model === item.model)!.answers.find((a) => a.sample === item.sample)!;
    expect(answer.reviews.map((r) => r.reviewerName)).toEqual(['Dr. Reviewer']);
    const generation = await collections(h.db).generations.findOne({ _id: generationKey(CAMPAIGN, item.model, item.questionId, item.sample) });
    expect(answer.text).toBe(generation!.text);
    const raw = await call('GET', `/api/explorer/campaigns/${CAMPAIGN}/raw/${encodeURIComponent(stored[0]!._id)}`, { bearer: team.apiToken });
    expect(raw.body).toEqual({ key: stored[0]!._id, raw: stored[0]!.raw });
    // a judgement of another campaign is not this campaign's
    expect((await call('GET', `/api/explorer/campaigns/other/raw/${encodeURIComponent(stored[0]!._id)}`, { bearer: team.apiToken })).status).toBe(404);
  });

  it('medeval team invite prints a link and token that work once; team revoke ends them; campaign reindex rebuilds', async () => {
    const env = harnessEnv(h, h.dir);
    const invited = await runMedeval(['team', 'invite', 'CLI Member', '--json', '--public-url', 'https://medeval.example.org/app'], env);
    expect(invited.code).toBe(0);
    const invitation = JSON.parse(invited.stdout) as TeamInvitation;
    expect(invitation.url).toMatch(/^https:\/\/medeval\.example\.org\/app\/explore\/signin\?token=[\w-]{43}$/);
    expect(await collections(h.db).teamMembers.countDocuments({ apiTokenDigest: invitation.apiToken })).toBe(0);
    expect((await call('GET', '/api/explorer/campaigns', { bearer: invitation.apiToken })).status).toBe(200);
    expect((await runMedeval(['team', 'revoke', invitation.member], env)).code).toBe(0);
    expect((await call('GET', '/api/explorer/campaigns', { bearer: invitation.apiToken })).status).toBe(401);
    const again = await runMedeval(['team', 'revoke', invitation.member], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no active team member ${invitation.member}`);
    const reindexed = await runMedeval(['campaign', 'reindex', CAMPAIGN], env);
    expect(reindexed.code).toBe(0);
    expect(reindexed.stdout).toMatch(new RegExp(`campaign ${CAMPAIGN}: ${incremental.length} results' read models rebuilt`));
  });

  it('the report links to the explorer when the public URL is known', async () => {
    const report = await buildCampaignReport(h.db, CAMPAIGN, { resamples: 20 }, 'https://medeval.example.org/app');
    expect(report.files['report.md']).toContain(`[campaign](<https://medeval.example.org/app/explore/c/${CAMPAIGN}>)`);
    expect(report.files['report.html']).toContain(`<a href="https://medeval.example.org/app/explore/c/${CAMPAIGN}/questions?disagreement=physicians">`);
    expect((await buildCampaignReport(h.db, CAMPAIGN, { resamples: 20 }, undefined)).files['report.md']).not.toContain('/explore/');
  });
});

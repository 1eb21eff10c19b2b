import { describe, expect, it } from 'vitest';
import { authenticate, csrfTokenFor, inviteReviewer, revokeReviewer, SESSION_TTL_MS, spendInvite, validCsrf } from '../../campaign/review-access.js';
import { sampleCampaignForReview } from '../../campaign/review-sample.js';
import { collections } from '../../store/collections.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { scratchCli } from '../support/cli-run.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5] }, [...MODELS, JUDGE], (harness) => (h = harness));
const { cli } = scratchCli(() => h, 'review');

let campaign: Promise<string> | undefined;
/** One finished campaign on the sample: 2 models × 14 questions × 2 samples, 2 judge rounds. */
function finished(): Promise<string> {
  campaign ??= (async () => {
    const { configFile } = await h.writeConfig({ sub: 'review', models: MODELS, judges: [JUDGE], samples: 2, judgeRounds: 2 });
    await h.start(configFile, 'rv-campaign');
    expect((await h.result('rv-campaign')).status).toBe('completed');
    return 'rv-campaign';
  })();
  return campaign;
}

describe('review sample', () => {
  it('CLI: draws and stores the sample; --json gives {reviewId, items}; every item has its stratum, reason and π', async () => {
    const id = await finished();
    const run = await cli(['review', 'sample', '--campaign', id, '--size', '12', '--seed', '5', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ reviewId: `${id}-review-1`, items: 12 });
    const items = await collections(h.db).reviewItems.find({ reviewId: `${id}-review-1` }).toArray();
    expect(items).toHaveLength(12);
    const answers = new Set((await collections(h.db).judgements.find({ campaignId: id }).toArray()).map((j) => `${j.model}/${j.questionId}/${j.sample}`));
    expect(answers.size).toBe(2 * 14 * 2);
    for (const item of items) {
      expect(answers.has(item.answerId)).toBe(true);
      expect(item.stratum.startsWith(`${item.category}|${item.model}|`)).toBe(true);
      expect(item.inclusionProbability).toBeGreaterThan(0);
      expect(item.inclusionProbability).toBeLessThanOrEqual(1);
    }
    const review = await collections(h.db).reviews.findOne({ _id: `${id}-review-1` });
    expect(review).toMatchObject({ campaignId: id, status: 'open', design: { size: 12, perItem: 2, seed: 5 }, items: 12 });
    // Σπ over the population is the sample size: the design's probabilities are consistent
    expect(review!.strata.reduce((n, s) => n + s.population * s.inclusionProbability, 0)).toBeCloseTo(12, 9);
  });

  it('the same seed draws the same answers, another seed others; an existing id is refused', async () => {
    const id = await finished();
    const a = await sampleCampaignForReview(h.db, { campaignId: id, reviewId: 'rv-a', size: 10, seed: 9 });
    const b = await sampleCampaignForReview(h.db, { campaignId: id, reviewId: 'rv-b', size: 10, seed: 9 });
    const c = await sampleCampaignForReview(h.db, { campaignId: id, reviewId: 'rv-c', size: 10, seed: 10 });
    const ids = (o: typeof a) => o.sample.items.map((i) => i.answerId);
    expect(ids(b)).toEqual(ids(a));
    expect(ids(c)).not.toEqual(ids(a));
    await expect(sampleCampaignForReview(h.db, { campaignId: id, reviewId: 'rv-a', size: 10 })).rejects.toThrow(/review rv-a already exists/);
    expect(await collections(h.db).reviewItems.countDocuments({ reviewId: 'rv-a' })).toBe(10);
  });

  it('refuses what it cannot sample, naming why, and stores nothing', async () => {
    const id = await finished();
    await expect(sampleCampaignForReview(h.db, { campaignId: 'no-such-campaign', size: 3 })).rejects.toThrow(/no-such-campaign/);
    await expect(sampleCampaignForReview(h.db, { campaignId: id, reviewId: 'rv-nosize' })).rejects.toThrow(/has no review section in its config: give --size/);
    await expect(sampleCampaignForReview(h.db, { campaignId: id, reviewId: '../x', size: 3 })).rejects.toThrow(/review id/);
    const bad = await cli(['review', 'sample', '--campaign', id, '--size', '0']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--size/);
    expect(await collections(h.db).reviews.countDocuments({ _id: { $in: ['rv-nosize', '../x'] } })).toBe(0);
  });
});

describe('review access', () => {
  const assigned = async (reviewId: string) => {
    const rows = await collections(h.db).reviewAssignments.find({ reviewId }).toArray();
    const per = new Map<string, string[]>();
    for (const r of rows) per.set(r.answerId, [...(per.get(r.answerId) ?? []), r.reviewer].sort());
    return per;
  };

  it('invites: each answer to every reviewer while fewer than k, then to k balanced; revoking moves only pending slots', async () => {
    const id = await finished();
    await sampleCampaignForReview(h.db, { campaignId: id, reviewId: 'rv-acc', size: 9, seed: 2, perItem: 2 });
    const first = await inviteReviewer(h.db, { reviewId: 'rv-acc', name: 'Dr. 王', publicUrl: 'https://review.example.org/medeval' });
    expect(first.url).toMatch(/^https:\/\/review\.example\.org\/medeval\/signin\?token=[\w-]{43}$/);
    expect([...(await assigned('rv-acc')).values()]).toEqual(Array(9).fill([first.reviewer]));
    const second = await inviteReviewer(h.db, { reviewId: 'rv-acc', name: 'Dr. Li', publicUrl: 'https://review.example.org/medeval' });
    expect([...(await assigned('rv-acc')).values()]).toEqual(Array(9).fill([first.reviewer, second.reviewer].sort()));
    const third = await inviteReviewer(h.db, { reviewId: 'rv-acc', name: 'Dr. Zhao', publicUrl: 'https://review.example.org/medeval' });
    const three = await assigned('rv-acc');
    expect([...three.values()].every((r) => r.length === 2)).toBe(true);
    const load = (m: Map<string, string[]>, who: string) => [...m.values()].filter((r) => r.includes(who)).length;
    // 18 slots over 3 reviewers: 6 each
    expect([first, second, third].map((x) => load(three, x.reviewer))).toEqual([6, 6, 6]);

    // one submitted review of the revoked reviewer stays; the pending ones move to the others
    const kept = [...three.entries()].find(([, r]) => r.includes(third.reviewer))![0];
    await collections(h.db).reviewAssignments.updateOne({ reviewId: 'rv-acc', answerId: kept, reviewer: third.reviewer }, { $set: { status: 'submitted' } });
    await revokeReviewer(h.db, third.reviewer);
    const after = await assigned('rv-acc');
    expect(load(after, third.reviewer)).toBe(1);
    expect(after.get(kept)).toContain(third.reviewer);
    expect([...after.values()].every((r) => r.length === 2)).toBe(true);
  });

  it('a sign-in link works once; sessions expire; API tokens and sessions die with revocation; no token is stored', async () => {
    const id = await finished();
    await sampleCampaignForReview(h.db, { campaignId: id, reviewId: 'rv-tok', size: 4, seed: 3, perItem: 1 });
    const invitation = await inviteReviewer(h.db, { reviewId: 'rv-tok', name: 'Dr. A', publicUrl: 'http://127.0.0.1:8300' });
    const token = new URL(invitation.url).searchParams.get('token')!;
    const now = new Date();
    const session = await spendInvite(h.db, token, now);
    expect(session?.reviewer._id).toBe(invitation.reviewer);
    expect(await spendInvite(h.db, token, now)).toBeNull();
    expect(await spendInvite(h.db, 'not-a-token', now)).toBeNull();
    expect((await authenticate(h.db, { sessionToken: session!.sessionToken }, now))?._id).toBe(invitation.reviewer);
    expect(await authenticate(h.db, { sessionToken: session!.sessionToken }, new Date(now.getTime() + SESSION_TTL_MS + 1))).toBeNull();
    expect((await authenticate(h.db, { apiToken: invitation.apiToken }))?._id).toBe(invitation.reviewer);
    expect(await authenticate(h.db, {})).toBeNull();

    const csrf = csrfTokenFor(session!.sessionToken);
    expect(validCsrf(session!.sessionToken, csrf)).toBe(true);
    expect(validCsrf(session!.sessionToken, csrfTokenFor('another-session'))).toBe(false);
    expect(validCsrf(session!.sessionToken, undefined)).toBe(false);

    const names = (await h.db.listCollections().toArray()).map((c) => c.name);
    const everything = JSON.stringify(await Promise.all(names.map((n) => h.db.collection(n).find({}).toArray())));
    for (const secret of [token, invitation.apiToken, session!.sessionToken, csrf]) expect(everything).not.toContain(secret);

    await revokeReviewer(h.db, invitation.reviewer);
    expect(await authenticate(h.db, { apiToken: invitation.apiToken })).toBeNull();
    expect(await authenticate(h.db, { sessionToken: session!.sessionToken }, now)).toBeNull();
    await expect(revokeReviewer(h.db, invitation.reviewer)).rejects.toThrow(/no active reviewer/);
  });

  it('CLI: review invite --json prints {reviewer, url, apiToken}; review revoke ends it', async () => {
    const id = await finished();
    await sampleCampaignForReview(h.db, { campaignId: id, reviewId: 'rv-cli', size: 3, seed: 4, perItem: 1 });
    const run = await cli(['review', 'invite', '--review', 'rv-cli', '--name', 'Dr. B', '--public-url', 'https://r.example', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { reviewer: string; url: string; apiToken: string };
    expect(out.url).toMatch(/^https:\/\/r\.example\/signin\?token=/);
    expect((await authenticate(h.db, { apiToken: out.apiToken }))?.name).toBe('Dr. B');
    expect((await cli(['review', 'revoke', out.reviewer])).code).toBe(0);
    expect(await authenticate(h.db, { apiToken: out.apiToken })).toBeNull();
    const missing = await cli(['review', 'invite', '--review', 'no-such-review', '--name', 'x']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/review no-such-review does not exist/);
  });
});

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteReviewer, type Invitation } from '../../campaign/review-access.js';
import { reviewAgreement } from '../../campaign/review-agreement.js';
import { sampleCampaignForReview } from '../../campaign/review-sample.js';
import { reviewServer } from '../../review/server.js';
import { collections } from '../../store/collections.js';
import type { ReviewItemDoc } from '../../store/review-docs.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { reviewClient } from '../support/review-client.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5] }, [...MODELS, JUDGE], (harness) => (h = harness));

let app: FastifyInstance;
let client: ReturnType<typeof reviewClient>;
let alice: Invitation;
let nina: Invitation;

beforeAll(async () => {
  const { configFile } = await h.writeConfig({ sub: 'reveal', models: MODELS, judges: [JUDGE], samples: 1, judgeRounds: 2 });
  await h.start(configFile, 'reveal-campaign');
  expect((await h.result('reveal-campaign')).status).toBe('completed');
  await sampleCampaignForReview(h.db, { campaignId: 'reveal-campaign', reviewId: 'reveal-after', size: 8, seed: 3, perItem: 1, reveal: 'after-submit' });
  await sampleCampaignForReview(h.db, { campaignId: 'reveal-campaign', reviewId: 'reveal-never', size: 4, seed: 3, perItem: 1, reveal: 'never' });
  app = await reviewServer({ db: h.db, publicUrl: 'http://127.0.0.1:1' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  client = reviewClient(base);
  alice = await inviteReviewer(h.db, { reviewId: 'reveal-after', name: 'Dr. Alice', publicUrl: base });
  nina = await inviteReviewer(h.db, { reviewId: 'reveal-never', name: 'Dr. Nina', publicUrl: base });
});
afterAll(async () => {
  await app?.close();
});

type Verdict = NonNullable<ReviewItemDoc['judge']>;
interface Target {
  id: string;
  item: ReviewItemDoc & { judge: Verdict };
}

/** A reviewer's assignments with their sampled items (the test reads the stored verdict the reviewer must not see). */
async function targets(i: Invitation): Promise<Target[]> {
  const { reviewAssignments, reviewItems } = collections(h.db);
  const slots = await reviewAssignments.find({ reviewer: i.reviewer }).sort({ _id: 1 }).toArray();
  return Promise.all(slots.map(async (s) => ({ id: s._id, item: (await reviewItems.findOne({ reviewId: s.reviewId, answerId: s.answerId })) as Target['item'] })));
}

/** Non-MTG assignments whose judge gave valid scores: the 0–5 form, a verdict to reveal. */
const scored = async (i: Invitation) => (await targets(i)).filter((t) => t.item.category !== 'MTG' && t.item.judge.mean !== null);

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const shown = (m: number) => String(Number(m.toFixed(2)));
/** Anything of the judge's verdict, in a JSON answer or a page. */
const VERDICT_WORDS = /"(revealed|judge|mean|threshold|disagrees|reasonAsked|scores)"|id="verdict"|judge|\/reason"/i;

let first: Target;
let session: { cookie: string; csrf: string };

describe('reveal after submit', () => {
  it('each sampled item stores the judge\'s verdict from its valid judge rounds', async () => {
    const items = await collections(h.db).reviewItems.find({ reviewId: 'reveal-after' }).toArray();
    expect(items).toHaveLength(8);
    for (const item of items.filter((i) => i.category !== 'MTG')) {
      const rounds = await collections(h.db).judgements.find({ campaignId: 'reveal-campaign', model: item.model, questionId: item.questionId, sample: item.sample }).toArray();
      const valid = rounds.flatMap((j) => (typeof j.score === 'number' ? [j.score] : []));
      expect(rounds).toHaveLength(2);
      expect([...item.judge!.scores].sort()).toEqual(valid.sort());
      expect(item.judge).toMatchObject({ threshold: 4, scaleMax: 5 });
      if (valid.length === 0) expect(item.judge).toMatchObject({ mean: null, usable: null });
      else expect(item.judge).toMatchObject({ mean: expect.closeTo(mean(valid), 12) as number, usable: mean(valid) >= 4 });
    }
    expect((await scored(alice)).length).toBeGreaterThanOrEqual(2);
  });

  it('before the reviewer submits, no answer or page carries the verdict', async () => {
    session = await client.signIn(alice);
    for (const t of await targets(alice)) {
      const json = await client.call('GET', `/api/assignments/${t.id}`, { bearer: alice.apiToken });
      const html = await client.page(`/a/${t.id}`, session.cookie);
      expect(json.status).toBe(200);
      expect(html.status).toBe(200);
      for (const text of [json.text, html.html]) {
        expect(VERDICT_WORDS.exec(text)?.[0]).toBeUndefined();
        const m = t.item.judge.mean;
        if (m !== null && !Number.isInteger(m)) for (const form of [String(m), shown(m)]) expect(text).not.toContain(form);
      }
      expect(Object.keys(json.body)).not.toContain('revealed');
    }
  });

  it('a reason before the submission is 409; after it the verdict is revealed and equals the stored rounds\' mean', async () => {
    first = (await scored(alice))[0]!;
    const { judge } = first.item;
    const early = await client.call('POST', `/api/assignments/${first.id}/reason`, { bearer: alice.apiToken, body: { reason: 'judge-too-lenient' } });
    expect(early.status).toBe(409);
    expect(String(early.body.error)).toMatch(/submitted/);

    const sent = await client.call('POST', `/api/assignments/${first.id}/review`, { bearer: alice.apiToken, body: { score: 2, usable: !judge.usable } });
    expect(sent.status).toBe(201);
    const expected = { judge: { mean: judge.mean, usable: judge.usable, threshold: 4, scaleMax: 5 }, yours: { score: 2, usable: !judge.usable }, disagrees: true, reasonAsked: true };
    expect(sent.body).toMatchObject({ stored: true, review: { score: 2, usable: !judge.usable } });
    expect(sent.body.revealed).toEqual(expected);
    expect((sent.body.revealed as typeof expected).judge.mean).toBeCloseTo(mean(judge.scores), 12);
    // the round scores stay in: the reviewer sees the mean, not how each round scored
    expect(sent.text).not.toContain('"scores"');

    const view = await client.call('GET', `/api/assignments/${first.id}`, { bearer: alice.apiToken });
    expect(view.body.revealed).toEqual(expected);
    const html = (await client.page(`/a/${first.id}`, session.cookie)).html;
    expect(html).toContain('id="verdict"');
    expect(html).toContain(`Judge: ${shown(judge.mean!)} of 5 (usable from 4): ${judge.usable ? 'usable' : 'not usable'}`);
    expect(html).toContain(`<form method="post" action="/a/${first.id}/reason" id="reason">\n<input type="hidden" name="csrf" value="${session.csrf}">`);
    for (const reason of ['judge-too-lenient', 'judge-too-strict', 'checklist-item-missing', 'checklist-item-wrong', 'reference-answer-wrong', 'other']) expect(html).toContain(`name="reason" value="${reason}" required`);
    expect(html).toContain('Edit your review (kept as a revision');
    // other assignments, still unsubmitted, stay blind
    const other = (await targets(alice)).find((t) => t.id !== first.id)!;
    expect(VERDICT_WORDS.exec((await client.call('GET', `/api/assignments/${other.id}`, { bearer: alice.apiToken })).text)?.[0]).toBeUndefined();
  });

  it('a reason: CSRF on a cookie session (403), malformed → 400 naming the field, stored on the submission, replaced on re-post', async () => {
    const path = `/api/assignments/${first.id}/reason`;
    const { reviewSubmissions } = collections(h.db);
    expect((await client.call('POST', path, { cookie: session.cookie, body: { reason: 'judge-too-lenient' } })).status).toBe(403);
    for (const [body, field] of [
      [{ reason: 'nope' }, 'reason'],
      [{}, 'reason'],
      [{ reason: 'other' }, 'note'],
      [{ reason: 'other', note: '   ' }, 'note'],
      [{ reason: 'judge-too-strict', note: 'x'.repeat(2001) }, 'note'],
      [{ reason: 'judge-too-strict', note: 5 }, 'note'],
    ] as const) {
      const res = await client.call('POST', path, { cookie: session.cookie, csrf: session.csrf, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(String(res.body.error)).toMatch(new RegExp(`^${field}: `));
    }
    expect((await reviewSubmissions.findOne({ _id: first.id }))?.disagreement).toBeUndefined();

    const given = await client.call('POST', path, { cookie: session.cookie, csrf: session.csrf, body: { reason: 'other', note: '<b>dose</b> is wrong' } });
    expect(given.status).toBe(200);
    expect(given.body.disagreement).toMatchObject({ reason: 'other', note: '<b>dose</b> is wrong' });
    expect(given.body.revealed).toMatchObject({ disagrees: true, reasonAsked: false });
    expect((await reviewSubmissions.findOne({ _id: first.id }))?.disagreement).toEqual({ reason: 'other', note: '<b>dose</b> is wrong', at: expect.any(Date) as Date });

    expect((await client.call('POST', path, { bearer: alice.apiToken, body: { reason: 'judge-too-strict' } })).status).toBe(200);
    expect((await reviewSubmissions.findOne({ _id: first.id }))?.disagreement).toEqual({ reason: 'judge-too-strict', at: expect.any(Date) as Date });
    const nothers = (await targets(nina))[0]!;
    expect((await client.call('POST', `/api/assignments/${nothers.id}/reason`, { bearer: alice.apiToken, body: { reason: 'judge-too-strict' } })).status).toBe(404);
  });

  it('an edit after the reveal is appended as a revision; agreement keeps the blind first submission', async () => {
    const { judge } = first.item;
    const before = await reviewAgreement(h.db, 'reveal-after');
    expect(before.overall).toMatchObject({ reviews: 1, agreement: 0 });

    const path = `/api/assignments/${first.id}/review`;
    const edit = await client.call('POST', path, { bearer: alice.apiToken, body: { score: 5, usable: judge.usable, comment: 'on reflection' } });
    expect(edit.status).toBe(201);
    expect(edit.body).toMatchObject({ stored: true, revision: 1, review: { score: 5, usable: judge.usable, comment: 'on reflection' } });
    expect(edit.body.revealed).toMatchObject({ yours: { score: 5, usable: judge.usable }, disagrees: false, reasonAsked: false });
    expect((await client.call('POST', path, { bearer: alice.apiToken, body: { score: 4, usable: judge.usable } })).body).toMatchObject({ stored: true, revision: 2 });
    expect((await client.call('POST', path, { bearer: alice.apiToken, body: { score: 9, usable: true } })).status).toBe(400);

    const stored = (await collections(h.db).reviewSubmissions.findOne({ _id: first.id }))!;
    expect(stored).toMatchObject({ score: 2, usable: !judge.usable });
    expect(stored.comment).toBeUndefined();
    expect(stored.revisions).toEqual([
      { score: 5, usable: judge.usable, comment: 'on reflection', submittedAt: expect.any(Date) as Date },
      { score: 4, usable: judge.usable, submittedAt: expect.any(Date) as Date },
    ]);
    expect(await reviewAgreement(h.db, 'reveal-after')).toEqual(before);
  });

  it('pages: a first submission shows its verdict; the reason and edit forms store what they say', async () => {
    const second = (await scored(alice)).find((t) => t.id !== first.id)!;
    const { judge } = second.item;
    const sent = await client.page(`/a/${second.id}`, session.cookie, { csrf: session.csrf, score: '3', usable: judge.usable ? '1' : '0' });
    expect(sent).toMatchObject({ status: 303, location: `/a/${second.id}` });
    const agreeing = (await client.page(`/a/${second.id}`, session.cookie)).html;
    expect(agreeing).toContain(`Judge: ${shown(judge.mean!)} of 5`);
    expect(agreeing).not.toContain('id="reason"');
    expect(agreeing).toContain('Save the edit');

    const revised = await client.page(`/a/${second.id}`, session.cookie, { csrf: session.csrf, score: '1', usable: judge.usable ? '0' : '1' });
    expect(revised).toMatchObject({ status: 303, location: `/a/${second.id}` });
    const stored = (await collections(h.db).reviewSubmissions.findOne({ _id: second.id }))!;
    expect(stored).toMatchObject({ score: 3, usable: judge.usable, revisions: [{ score: 1, usable: !judge.usable }] });

    const asking = (await client.page(`/a/${second.id}`, session.cookie)).html;
    expect(asking).toContain('id="reason"');
    expect((await client.page(`/a/${second.id}/reason`, session.cookie, { reason: 'checklist-item-wrong' })).status).toBe(403);
    const bad = await client.page(`/a/${second.id}/reason`, session.cookie, { csrf: session.csrf, reason: 'other', note: '' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('note: say what the other reason is');
    const given = await client.page(`/a/${second.id}/reason`, session.cookie, { csrf: session.csrf, reason: 'checklist-item-wrong', note: '<script>x</script>' });
    expect(given).toMatchObject({ status: 303, location: `/a/${second.id}` });
    expect((await collections(h.db).reviewSubmissions.findOne({ _id: second.id }))?.disagreement).toMatchObject({ reason: 'checklist-item-wrong', note: '<script>x</script>' });
    expect((await client.page(`/a/${second.id}`, session.cookie)).html).toContain('Your reason is recorded');
  });
});

describe('reveal never', () => {
  it('nothing is revealed after a submission, a second stores nothing new, a reason is 409', async () => {
    const [t, next] = await targets(nina);
    const path = `/api/assignments/${t!.id}/review`;
    const body = t!.item.category === 'MTG' ? { usable: true, dimensions: { instruction_following: 3, correctness: 3, effectiveness: 3, readability: 3, safety: 1 } } : { score: 3, usable: true };
    const sent = await client.call('POST', path, { bearer: nina.apiToken, body });
    expect(sent.status).toBe(201);
    expect(sent.body).not.toHaveProperty('revealed');
    const again = await client.call('POST', path, { bearer: nina.apiToken, body: { ...body, usable: false } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ stored: false, review: { usable: true } });
    expect(again.body).not.toHaveProperty('revision');
    const stored = (await collections(h.db).reviewSubmissions.findOne({ _id: t!.id }))!;
    expect(stored.usable).toBe(true);
    expect(stored.revisions).toBeUndefined();
    expect((await client.call('POST', `/api/assignments/${t!.id}/reason`, { bearer: nina.apiToken, body: { reason: 'judge-too-strict' } })).status).toBe(409);
    expect((await collections(h.db).reviewSubmissions.findOne({ _id: t!.id }))?.disagreement).toBeUndefined();

    const view = await client.call('GET', `/api/assignments/${t!.id}`, { bearer: nina.apiToken });
    expect(view.body.status).toBe('submitted');
    const ninaSession = await client.signIn(nina);
    const html = (await client.page(`/a/${t!.id}`, ninaSession.cookie)).html;
    expect(html).toContain('· submitted');
    for (const text of [view.text, html]) expect(VERDICT_WORDS.exec(text)?.[0]).toBeUndefined();
    // a page submission moves on to the next answer, as before reveals existed
    const form: Record<string, string> = next!.item.category === 'MTG' ? { instruction_following: '3', correctness: '3', effectiveness: '3', readability: '3', safety: '1' } : { score: '3' };
    const moved = await client.page(`/a/${next!.id}`, ninaSession.cookie, { csrf: ninaSession.csrf, usable: '1', ...form });
    expect(moved.status).toBe(303);
    expect(moved.location).not.toBe(`/a/${next!.id}`);
  });
});

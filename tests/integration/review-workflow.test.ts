import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteReviewer, type Invitation } from '../../campaign/review-access.js';
import { addReviewItems, reassignPending } from '../../campaign/review-coordinate.js';
import { sendReviewReminders } from '../../campaign/review-reminders.js';
import { openReview } from '../../campaign/review-sample.js';
import { notifyReviewPlanChanged, reviewProgress } from '../../campaign/review-workflow.js';
import { reviewServer } from '../../review/server.js';
import { collections } from '../../store/collections.js';
import { reviewSubmittedUpdate, reviewWorkflowId, type ReviewProgress } from '../../workflows/review-messages.js';
import { waitFor } from '../support/campaign-checks.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

const MODEL = 'sim-model-a';
const JUDGE = 'sim-judge';

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5] }, [MODEL, JUDGE], (harness) => (h = harness));

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  const { configFile } = await h.writeConfig({ sub: 'wf', models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: { filters: { categories: ['MK', 'MR'] } } });
  await h.start(configFile, 'wf-campaign');
  expect((await h.result('wf-campaign')).status).toBe('completed');
  app = await reviewServer({ db: h.db, publicUrl: 'http://127.0.0.1:1', client: h.client });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
});

const submit = (who: Invitation, id: string, body: unknown) =>
  fetch(`${base}/api/assignments/${id}/review`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${who.apiToken}` }, body: JSON.stringify(body) });
const assignmentsOf = async (who: Invitation) => ((await (await fetch(`${base}/api/assignments`, { headers: { authorization: `Bearer ${who.apiToken}` } })).json()) as { assignments: { id: string }[] }).assignments;

async function progressReaches(reviewId: string, check: (p: ReviewProgress) => boolean): Promise<ReviewProgress> {
  let last: ReviewProgress | undefined;
  await waitFor(`review ${reviewId} progress`, async () => check((last = await reviewProgress(h.client, reviewId))));
  return last!;
}

describe('review workflow', () => {
  it('waits for every assignment, counts a review submitted twice once, refuses unknown ones, completes and marks the review', async () => {
    const opened = await openReview({ db: h.db, client: h.client }, { campaignId: 'wf-campaign', reviewId: 'wf-1', size: 4, seed: 1, perItem: 1 });
    expect(opened.workflowId).toBe(reviewWorkflowId('wf-1'));
    expect((await reviewProgress(h.client, 'wf-1')).assignments).toBe(0);

    const alice = await inviteReviewer(h.db, { reviewId: 'wf-1', name: 'Dr. A', publicUrl: base });
    const bob = await inviteReviewer(h.db, { reviewId: 'wf-1', name: 'Dr. B', publicUrl: base });
    await notifyReviewPlanChanged(h.client, 'wf-1');
    const waiting = await progressReaches('wf-1', (p) => p.assignments === 4);
    expect(waiting).toMatchObject({ status: 'waiting', submitted: 0, byReviewer: { [alice.reviewer]: { assigned: 2, submitted: 0 }, [bob.reviewer]: { assigned: 2, submitted: 0 } } });

    const [a1, a2] = await assignmentsOf(alice);
    const [b1, b2] = await assignmentsOf(bob);
    expect((await submit(alice, a1!.id, { score: 4, usable: true })).status).toBe(201);
    expect((await submit(alice, a1!.id, { score: 1, usable: false })).status).toBe(200);
    expect((await progressReaches('wf-1', (p) => p.submitted >= 1)).submitted).toBe(1);

    // the validator refuses an assignment that is not that reviewer's, and the count does not move
    const refused = await h.client.workflow
      .getHandle(reviewWorkflowId('wf-1'))
      .executeUpdate(reviewSubmittedUpdate, { args: [{ assignmentId: b1!.id, reviewer: alice.reviewer }] })
      .then(() => undefined, (err: Error) => err);
    expect((refused?.cause as Error | undefined)?.message).toMatch(/is not .*'s in review wf-1/);
    expect((await reviewProgress(h.client, 'wf-1')).submitted).toBe(1);

    for (const [who, a] of [[alice, a2!], [bob, b1!], [bob, b2!]] as const) expect((await submit(who, a.id, { score: 5, usable: true })).status).toBe(201);
    const result = (await h.client.workflow.getHandle(reviewWorkflowId('wf-1')).result()) as ReviewProgress;
    expect(result).toMatchObject({ status: 'complete', assignments: 4, submitted: 4 });
    expect((await collections(h.db).reviews.findOne({ _id: 'wf-1' }))?.status).toBe('complete');
    expect(await collections(h.db).reviewSubmissions.countDocuments({ reviewId: 'wf-1' })).toBe(4);
  });

  it('a review stored without telling the workflow is counted when it reconciles (here: on a plan change)', async () => {
    await openReview({ db: h.db, client: h.client }, { campaignId: 'wf-campaign', reviewId: 'wf-2', size: 2, seed: 2, perItem: 1 });
    const carol = await inviteReviewer(h.db, { reviewId: 'wf-2', name: 'Dr. C', publicUrl: base });
    await notifyReviewPlanChanged(h.client, 'wf-2');
    await progressReaches('wf-2', (p) => p.assignments === 2);
    const slots = await collections(h.db).reviewAssignments.find({ reviewId: 'wf-2' }).toArray();
    for (const slot of slots) {
      await collections(h.db).reviewSubmissions.insertOne({ _id: slot._id, reviewId: 'wf-2', answerId: slot.answerId, reviewer: carol.reviewer, category: 'MK', score: 4, usable: true, submittedAt: new Date() });
    }
    // no update was sent for these: only reading MongoDB again can count them
    await notifyReviewPlanChanged(h.client, 'wf-2');
    expect(await h.client.workflow.getHandle(reviewWorkflowId('wf-2')).result()).toMatchObject({ status: 'complete', submitted: 2 });
  });

  it('a deadline ends the wait with the sample marked incomplete', async () => {
    await openReview({ db: h.db, client: h.client }, { campaignId: 'wf-campaign', reviewId: 'wf-3', size: 2, seed: 3, perItem: 1, deadline: new Date(Date.now() + 1_500) });
    await inviteReviewer(h.db, { reviewId: 'wf-3', name: 'Dr. D', publicUrl: base });
    expect(await h.client.workflow.getHandle(reviewWorkflowId('wf-3')).result()).toMatchObject({ status: 'incomplete', submitted: 0 });
    expect((await collections(h.db).reviews.findOne({ _id: 'wf-3' }))?.status).toBe('incomplete');
  });

  it('the coordinator moves pending answers between reviewers and reminds who is behind through a command that sees no provider keys', async () => {
    await openReview({ db: h.db, client: h.client }, { campaignId: 'wf-campaign', reviewId: 'wf-4', size: 4, seed: 4, perItem: 1 });
    const erin = await inviteReviewer(h.db, { reviewId: 'wf-4', name: 'Dr. E', publicUrl: base });
    const finn = await inviteReviewer(h.db, { reviewId: 'wf-4', name: 'Dr. F', publicUrl: base });
    const [first] = await assignmentsOf(erin);
    expect((await submit(erin, first!.id, { score: 3, usable: false })).status).toBe(201);
    await expect(reassignPending(h.db, { reviewId: 'wf-4', from: erin.reviewer, to: 'r-nobody' })).rejects.toThrow(/not in review wf-4/);
    // Erin's submitted answer stays hers; her pending one goes to Finn
    expect(await reassignPending(h.db, { reviewId: 'wf-4', from: erin.reviewer, to: finn.reviewer })).toBe(1);
    await notifyReviewPlanChanged(h.client, 'wf-4');
    const moved = await progressReaches('wf-4', (p) => p.byReviewer[finn.reviewer]?.assigned === 3);
    expect(moved.byReviewer).toEqual({ [erin.reviewer]: { assigned: 1, submitted: 1 }, [finn.reviewer]: { assigned: 3, submitted: 0 } });
    expect(await collections(h.db).reviewAssignments.countDocuments({ reviewId: 'wf-4' })).toBe(4);

    const out = mkdtempSync(path.join(os.tmpdir(), 'medeval-remind-'));
    process.env.OPENAI_API_KEY = 'not-for-the-command';
    const command = `cat > ${path.join(out, 'reminder.json')}; env > ${path.join(out, 'env.txt')}`;
    await expect(sendReviewReminders(h.db, { reviewId: 'wf-4' })).rejects.toThrow(/no reminder webhook or command/);
    expect(await sendReviewReminders(h.db, { reviewId: 'wf-4', target: { command } })).toEqual({ behind: 1, sentTo: ['command'] });
    delete process.env.OPENAI_API_KEY;
    expect(JSON.parse(readFileSync(path.join(out, 'reminder.json'), 'utf8'))).toEqual({ reviewId: 'wf-4', campaignId: 'wf-campaign', behind: [{ reviewer: finn.reviewer, name: 'Dr. F', pending: 3, submitted: 0 }] });
    expect(readFileSync(path.join(out, 'env.txt'), 'utf8')).not.toContain('not-for-the-command');
    await expect(sendReviewReminders(h.db, { reviewId: 'wf-4', target: { command: 'exit 3' } })).rejects.toThrow(/reminder command exited 3/);
  });

  it('more answers join a waiting review: the larger draw extends the earlier one and the new answers get reviewers', async () => {
    await openReview({ db: h.db, client: h.client }, { campaignId: 'wf-campaign', reviewId: 'wf-5', size: 2, seed: 5, perItem: 1 });
    const gil = await inviteReviewer(h.db, { reviewId: 'wf-5', name: 'Dr. G', publicUrl: base });
    const before = (await collections(h.db).reviewItems.find({ reviewId: 'wf-5' }).toArray()).map((i) => i.answerId);
    const outcome = await addReviewItems(h.db, { reviewId: 'wf-5', size: 3 });
    expect(outcome).toMatchObject({ added: 3, items: 5 });
    const after = await collections(h.db).reviewItems.find({ reviewId: 'wf-5' }).toArray();
    expect(after.map((i) => i.answerId)).toEqual(expect.arrayContaining(before));
    // the same as drawing five at once: the same answers and probabilities
    await openReview({ db: h.db, client: h.client }, { campaignId: 'wf-campaign', reviewId: 'wf-6', size: 5, seed: 5, perItem: 1 });
    const once = await collections(h.db).reviewItems.find({ reviewId: 'wf-6' }).toArray();
    const facts = (items: typeof after) => items.map((i) => [i.answerId, i.inclusionProbability]).sort();
    expect(facts(after)).toEqual(facts(once));
    expect((await collections(h.db).reviews.findOne({ _id: 'wf-5' }))?.design.size).toBe(5);
    await notifyReviewPlanChanged(h.client, 'wf-5');
    expect((await progressReaches('wf-5', (p) => p.assignments === 5)).byReviewer).toEqual({ [gil.reviewer]: { assigned: 5, submitted: 0 } });
    await expect(addReviewItems(h.db, { reviewId: 'wf-5', size: 0 })).rejects.toThrow(/--size/);
  });
});

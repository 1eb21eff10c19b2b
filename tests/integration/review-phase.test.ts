import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inviteReviewer } from '../../campaign/review-access.js';
import { submitReview } from '../../campaign/review-submit.js';
import { notifyReviewPlanChanged, notifyReviewSubmitted, reviewProgress } from '../../campaign/review-workflow.js';
import type { ReviewReminder } from '../../campaign/review-reminders.js';
import { TEMPORAL } from '../../local-services/services.js';
import { collections } from '../../store/collections.js';
import { cancelSignal, progressQuery } from '../../workflows/messages.js';
import { reviewWorkflowId } from '../../workflows/review-messages.js';
import { waitFor } from '../support/campaign-checks.js';
import { onOwnServers } from '../support/crash-campaign.js';

let env: Awaited<ReturnType<typeof onOwnServers>>;
let hook: Server;
const reminders: { body: string; parsed: ReviewReminder }[] = [];

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      reminders.push({ body, parsed: JSON.parse(body) as ReviewReminder });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  env = await onOwnServers();
});
afterAll(async () => {
  await env?.close();
  hook?.close();
});

it("a campaign's review phase waits for the physicians through a worker restart and a Temporal restart, reminds who is behind, then reports with agreement", async () => {
  const { h, own } = env;
  const webhook = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/remind`;
  // reminders every 1.8 s so the test sees them; a real campaign says every 24 hours or so
  const review = { sampleSize: 4, perItem: 1, seed: 5, auditShare: 0, reminders: { everyHours: 0.0005, webhook } };
  const { configFile } = await h.writeConfig({ sub: 'phase', models: ['sim-model-a'], judges: ['sim-judge'], samples: 1, judgeRounds: 2, extra: { filters: { categories: ['MK'] }, review } });
  const campaignId = 'phase-campaign';
  await h.start(configFile, campaignId);
  const campaign = h.client.workflow.getHandle(campaignId);

  let reviewId = '';
  await waitFor('the review phase', async () => {
    const p = await campaign.query(progressQuery);
    reviewId = p.reviewId ?? '';
    return p.phase === 'review' && reviewId !== '';
  }, 120_000);
  expect(reviewId).toBe(`${campaignId}-review-1`);
  const stored = await collections(h.db).reviews.findOne({ _id: reviewId });
  expect(stored).toMatchObject({ phaseOf: campaignId, status: 'open', items: 4, design: { size: 4, perItem: 1, seed: 5, auditShare: 0 }, audit: { size: 0 }, reminders: { webhook } });
  expect(stored?.design).not.toHaveProperty('strataSizes');
  // a report without agreement is stored as the wait begins
  expect(await collections(h.db).reports.countDocuments({ _id: campaignId })).toBe(1);

  const dr = await inviteReviewer(h.db, { reviewId, name: 'Dr. Phase', publicUrl: 'http://127.0.0.1:1' });
  await notifyReviewPlanChanged(h.client, reviewId);
  await waitFor('4 assignments', async () => (await reviewProgress(h.client, reviewId)).assignments === 4);
  await waitFor('a reminder', () => reminders.length > 0, 30_000);
  const reminder = reminders[0]!;
  expect(reminder.parsed).toMatchObject({ reviewId, campaignId, behind: [{ reviewer: dr.reviewer, name: 'Dr. Phase', pending: 4, submitted: 0 }] });
  expect(reminder.body).not.toContain(dr.apiToken);

  const reviewer = (await collections(h.db).reviewers.findOne({ _id: dr.reviewer }))!;
  const slots = await collections(h.db).reviewAssignments.find({ reviewId }).sort({ _id: 1 }).toArray();
  const verdict = (i: number) => ({ score: i % 2 === 0 ? 5 : 2, usable: i % 2 === 0 });

  // the workers are gone while two reviews are stored: the workflow learns of them only by reading MongoDB
  await env.stopWorkers();
  for (const [i, slot] of slots.slice(0, 2).entries()) expect((await submitReview(h.db, reviewer, slot._id, verdict(i)))?.stored).toBe(true);
  await env.startWorkers();
  await notifyReviewPlanChanged(h.client, reviewId);
  await waitFor('2 reviews counted', async () => (await reviewProgress(h.client, reviewId)).submitted === 2, 60_000);

  // Temporal itself goes down and comes back on its own database while the campaign waits
  await own.kill(TEMPORAL);
  await own.restart(TEMPORAL);
  await waitFor('the review after the restart', async () => (await reviewProgress(h.client, reviewId).catch(() => undefined))?.submitted === 2, 60_000);
  for (const [i, slot] of slots.slice(2).entries()) {
    expect((await submitReview(h.db, reviewer, slot._id, verdict(i + 2)))?.stored).toBe(true);
    expect(await notifyReviewSubmitted(h.client, reviewId, { assignmentId: slot._id, reviewer: dr.reviewer })).toBe(true);
  }
  // the last one again: stored once, counted once
  expect((await submitReview(h.db, reviewer, slots[3]!._id, verdict(0)))?.stored).toBe(false);

  expect((await h.result(campaignId)).status).toBe('completed');
  expect(await collections(h.db).reviewSubmissions.countDocuments({ reviewId })).toBe(4);
  expect((await collections(h.db).reviews.findOne({ _id: reviewId }))?.status).toBe('complete');

  const described = await h.client.workflow.getHandle(reviewWorkflowId(reviewId)).describe();
  expect(described.searchAttributes).toMatchObject({ MedevalCampaignId: [campaignId], MedevalStatus: ['complete'], MedevalProgress: [100] });
  const memo = described.memo as { review: { submitted: number; assignments: number; agreement: { items: number; reviews: number; overall: { n: number } } } };
  expect(memo.review).toMatchObject({ submitted: 4, assignments: 4, agreement: { items: 4, reviews: 4, overall: { n: 4 } } });

  const report = (await collections(h.db).reports.findOne({ _id: campaignId }))!;
  const markdown = report.files.find((f) => f.name.endsWith('.md'))!.text;
  expect(markdown).toMatch(/agreement/i);
  expect(markdown).toContain(reviewId);
}, 300_000);

it('cancelling a campaign in its review phase ends the wait: the review is marked incomplete and the campaign cancelled', async () => {
  const { h } = env;
  const { configFile } = await h.writeConfig({ sub: 'phase-cancel', models: ['sim-model-a'], judges: ['sim-judge'], samples: 1, judgeRounds: 1, extra: { filters: { categories: ['MK'] }, review: { sampleSize: 2, perItem: 1 } } });
  const campaignId = 'phase-cancel';
  await h.start(configFile, campaignId);
  const campaign = h.client.workflow.getHandle(campaignId);
  await waitFor('the review phase', async () => (await campaign.query(progressQuery)).reviewId !== undefined, 120_000);
  await campaign.signal(cancelSignal);
  expect((await h.result(campaignId)).status).toBe('cancelled');
  const reviewId = `${campaignId}-review-1`;
  await waitFor('the review marked incomplete', async () => (await collections(h.db).reviews.findOne({ _id: reviewId }))?.status === 'incomplete');
  expect((await h.client.workflow.getHandle(reviewWorkflowId(reviewId)).describe()).status.name).toBe('CANCELLED');
}, 180_000);

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildCampaignReport } from '../../campaign/report.js';
import { AGREEMENT_TITLE } from '../../scoring/report/agreement-tables.js';
import { inviteReviewer } from '../../campaign/review-access.js';
import { reviewAgreement } from '../../campaign/review-agreement.js';
import { openReview } from '../../campaign/review-sample.js';
import { notifyReviewPlanChanged } from '../../campaign/review-workflow.js';
import { PROJECT_ROOT } from '../../config/settings.js';
import { collections } from '../../store/collections.js';
import { reviewWorkflowId, type ReviewProgress } from '../../workflows/review-messages.js';
import { browserSuite } from '../support/browser.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

const MODEL = 'sim-model-a';
const JUDGE = 'sim-judge';
/** screenshots a reader of the test run can open */
export const ARTIFACTS = path.join(PROJECT_ROOT, 'out', 'test-artifacts', 'review-e2e');

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5] }, [MODEL, JUDGE], (harness) => (h = harness));

let base: string;
let browser: BrowserContext;
browserSuite(ARTIFACTS, () => h.db, (suite) => ({ base, browser } = suite), { client: () => h.client });

/** One reviewer's whole session with the keyboard only: sign in, then score every assignment until the list is back. */
async function reviewWithKeyboard(page: Page, signInUrl: string, verdict: { score: string; usable: 'y' | 'x' }, screenshot?: string): Promise<number> {
  await page.goto(signInUrl);
  // the button has autofocus; Chromium applies it a moment after load
  await page.waitForFunction("document.activeElement?.tagName === 'BUTTON'");
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/`);
  await page.keyboard.press('n');
  await page.waitForURL(/\/a\/a-[0-9a-f]+$/);
  let reviewed = 0;
  while (new URL(page.url()).pathname.startsWith('/a/')) {
    await page.waitForSelector('#review');
    await page.keyboard.press(verdict.score);
    await page.keyboard.press(verdict.usable);
    if (screenshot && reviewed === 0) await page.screenshot({ path: screenshot, fullPage: true });
    const before = page.url();
    await page.keyboard.press('Control+Enter');
    await page.waitForURL((url) => url.href !== before);
    reviewed++;
  }
  return reviewed;
}

describe('expert review in a real browser', () => {
  it('two physicians sign in from their links and review with the keyboard only; the workflow completes and the report shows the agreement table', async () => {
    const { configFile } = await h.writeConfig({ sub: 'e2e', models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 2, extra: { filters: { categories: ['MK', 'MR'] } } });
    await h.start(configFile, 'e2e-campaign');
    expect((await h.result('e2e-campaign')).status).toBe('completed');
    await openReview({ db: h.db, client: h.client }, { campaignId: 'e2e-campaign', reviewId: 'e2e-review', size: 4, seed: 11, perItem: 2 });
    const alice = await inviteReviewer(h.db, { reviewId: 'e2e-review', name: 'Dr. Alice', publicUrl: base });
    const bob = await inviteReviewer(h.db, { reviewId: 'e2e-review', name: 'Dr. Bob', publicUrl: base });
    await notifyReviewPlanChanged(h.client, 'e2e-review');

    const page = await browser.newPage();
    expect(await reviewWithKeyboard(page, alice.url, { score: '4', usable: 'y' }, path.join(ARTIFACTS, 'review-page.png'))).toBe(4);
    expect(await page.textContent('#progress')).toBe('4 / 4 reviewed');
    await page.screenshot({ path: path.join(ARTIFACTS, 'assignments-done.png'), fullPage: true });
    await browser.clearCookies();
    expect(await reviewWithKeyboard(page, bob.url, { score: '2', usable: 'x' })).toBe(4);

    const result = (await h.client.workflow.getHandle(reviewWorkflowId('e2e-review')).result()) as ReviewProgress;
    expect(result).toMatchObject({ status: 'complete', assignments: 8, submitted: 8 });
    const stored = await collections(h.db).reviewSubmissions.find({ reviewId: 'e2e-review' }).toArray();
    expect(stored.map((s) => [s.reviewer === alice.reviewer ? 'alice' : 'bob', s.score, s.usable]).sort()).toEqual([...Array(4).fill(['alice', 4, true]), ...Array(4).fill(['bob', 2, false])]);

    // Alice finds every answer usable, Bob none: whatever the judge said, half the pairs agree, the physicians never
    // agree with each other, and every majority is a tie
    const agreement = await reviewAgreement(h.db, 'e2e-review');
    writeFileSync(path.join(ARTIFACTS, 'agreement.json'), `${JSON.stringify(agreement, null, 2)}\n`);
    expect(agreement).toMatchObject({ items: 4, reviews: 8 });
    expect(agreement.overall).toMatchObject({ n: 8, agreement: 0.5, majority: { n: 0, ties: 4 }, physicians: { n: 4, agreement: 0 } });
    const [[tp, fn], [fp, tn]] = agreement.overall.confusion;
    // Alice's 4 reviews say usable, Bob's 4 not; the judge decided each answer once for both
    expect([tp + fn, fp + tn, tp - fp]).toEqual([4, 4, 0]);

    // the report shows the agreement table, with the numbers above
    const report = await buildCampaignReport(h.db, 'e2e-campaign', { resamples: 50 });
    const markdown = report.files['report.md']!;
    const section = markdown.slice(markdown.indexOf(`## ${AGREEMENT_TITLE}`));
    expect(markdown).toContain('e2e-review');
    expect(section).toMatch(/\| overall \|/);
    writeFileSync(path.join(ARTIFACTS, 'agreement.md'), section);
    const reportFile = path.join(ARTIFACTS, 'report.html');
    writeFileSync(reportFile, report.files['report.html']!);
    await page.goto(`file://${reportFile}`);
    const table = page.locator('h2', { hasText: new RegExp(`^${AGREEMENT_TITLE}$`) }).locator('xpath=following-sibling::table[1]');
    await table.scrollIntoViewIfNeeded();
    expect(await table.locator('tr', { hasText: 'overall' }).first().textContent()).toContain('50');
    expect(await page.locator('figure.confusion svg').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
    await table.screenshot({ path: path.join(ARTIFACTS, 'report-agreement.png') });
  });
});

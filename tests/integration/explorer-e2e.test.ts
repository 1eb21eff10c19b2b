import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { inviteTeamMember } from '../../campaign/team-access.js';
import { PROJECT_ROOT } from '../../config/settings.js';
import { collections } from '../../store/collections.js';
import { browserSuite } from '../support/browser.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

const CAMPAIGN = 'explorer-e2e';
const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';
/** screenshots a reader of the test run can open */
const ARTIFACTS = path.join(PROJECT_ROOT, 'out', 'test-artifacts', 'explorer-e2e');

let h: CampaignHarness;
// judge scores by call order: rounds of one answer differ, so some flip
runningHarness({ latencyMs: [0, 5], judgeScores: { [JUDGE]: [5, 2, 4, 4, 1, 5, 3] } }, [...MODELS, JUDGE], (harness) => (h = harness));

let base: string;
let browser: BrowserContext;
browserSuite(ARTIFACTS, () => h.db, (suite) => ({ base, browser } = suite));

describe('campaign explorer in a real browser', () => {
  it('a team member signs in from their link, filters to disagreements, opens a question and sees every judge round\'s rationale', async () => {
    const { configFile } = await h.writeConfig({ sub: 'e2e', models: MODELS, judges: [JUDGE], samples: 2, judgeRounds: 3, extra: { filters: { categories: ['MK', 'MR'] } } });
    await h.start(configFile, CAMPAIGN);
    expect((await h.result(CAMPAIGN)).status).toBe('completed');
    const invitation = await inviteTeamMember(h.db, { name: 'Eve Evaluator', publicUrl: base });

    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    await page.goto(invitation.url);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/explore`);
    await page.click(`#campaigns a:text("${CAMPAIGN}")`);
    await page.waitForSelector('#leaderboard');
    expect(await page.locator('#leaderboard tbody tr').count()).toBe(MODELS.length);
    expect(await page.locator('figure svg').count()).toBe(2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'campaign.png'), fullPage: true });

    await page.click('a:text("All questions")');
    await page.waitForSelector('#filters');
    await page.selectOption('#filters select[name=disagreement]', 'rounds');
    await page.click('#filters button[type=submit]');
    await page.waitForURL(/disagreement=rounds/);
    const rows = page.locator('#questions tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.locator('#questions .badge.flip').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'disagreements.png'), fullPage: true });

    const questionId = (await rows.first().getAttribute('data-id'))!;
    await rows.first().locator('a').first().click();
    await page.waitForSelector('.model');
    const stored = await collections(h.db).judgements.find({ campaignId: CAMPAIGN, questionId }).toArray();
    // every judge round of every answer: 2 models × 2 samples × 3 rounds, each with its rationale shown
    expect(stored.length).toBe(12);
    const shown = await page.locator('li.judgement .rationale').allTextContents();
    expect(shown.length).toBe(stored.length);
    expect(shown.sort()).toEqual(stored.map((j) => j.rationale!).sort());
    expect(await page.locator('li.judgement.current').count()).toBe(stored.length);
    expect(await page.locator('.badge.flip').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'question.png'), fullPage: true });

    // the raw judge text is one click away
    await page.locator('a.raw').first().click();
    expect(stored.map((j) => j.raw)).toContain(await page.textContent('body'));
    expect(blocked).toEqual([]);
  });
});

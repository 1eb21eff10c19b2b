import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleCampaignForReview } from '../../campaign/review-sample.js';
import { collections } from '../../store/collections.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { harnessEnv, runMedeval } from '../support/cli-run.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 5] }, [...MODELS, JUDGE], (harness) => (h = harness));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'medeval-review-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const cli = (args: string[]) => runMedeval(args, harnessEnv(h, path.join(scratch, 'home')));

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
    await expect(sampleCampaignForReview(h.db, { campaignId: id, reviewId: 'rv-nosize' })).rejects.toThrow(/review\.sampleSize: give --size/);
    await expect(sampleCampaignForReview(h.db, { campaignId: id, reviewId: '../x', size: 3 })).rejects.toThrow(/review id/);
    const bad = await cli(['review', 'sample', '--campaign', id, '--size', '0']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--size/);
    expect(await collections(h.db).reviews.countDocuments({ _id: { $in: ['rv-nosize', '../x'] } })).toBe(0);
  });
});

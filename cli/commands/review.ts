import type { Command } from 'commander';
import { withStore } from '../context.js';
import { numberOption } from '../option-parsers.js';
import { say, warn } from '../terminal.js';

export function registerReviewCommands(program: Command): void {
  const review = program.command('review').description('physicians review a stratified sample of a campaign\'s judgements');

  review
    .command('sample')
    .description('draw and store a review sample of a completed campaign (stratified by category × model × judge-score band, seeded); prints the review id')
    .requiredOption('--campaign <id>', 'the campaign whose judgements are reviewed')
    .option('--size <n>', 'answers to review (default: the config\'s review.sampleSize)', numberOption('positive integer', { max: 100_000 }))
    .option('--per-item <k>', 'reviewers per answer', numberOption('positive integer', { max: 20 }))
    .option('--seed <s>', 'sampling seed (default: the config\'s review.seed)', numberOption('integer'))
    .option('--id <id>', 'review id (default: <campaign>-review-<n>)')
    .option('--json', 'print {reviewId, items} as JSON')
    .action(async (options: { campaign: string; size?: number; perItem?: number; seed?: number; id?: string; json?: boolean }) => {
      const { sampleCampaignForReview } = await import('../../campaign/review-sample.js');
      const outcome = await withStore((db) =>
        sampleCampaignForReview(db, {
          campaignId: options.campaign,
          ...(options.id !== undefined ? { reviewId: options.id } : {}),
          ...(options.size !== undefined ? { size: options.size } : {}),
          ...(options.perItem !== undefined ? { perItem: options.perItem } : {}),
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
        }),
      );
      for (const note of outcome.sample.notes) warn(`note: ${note}`);
      if (options.json) {
        say(JSON.stringify({ reviewId: outcome.reviewId, items: outcome.items }));
        return;
      }
      say(`review ${outcome.reviewId}: ${outcome.items} answers, ${outcome.sample.perItem} reviewer(s) each`);
      for (const s of outcome.sample.strata) say(`  ${s.stratum.padEnd(28)} ${String(s.sampled + s.audited).padStart(4)} of ${String(s.population).padEnd(5)} π ${s.inclusionProbability.toFixed(3)}`);
    });
}

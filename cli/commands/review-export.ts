import type { Command } from 'commander';
import { withStore } from '../context.js';
import { say } from '../terminal.js';

/** `review export RID --out FILE`: a review's submissions as CSV or JSONL. */
export function registerReviewExportCommand(review: Command): void {
  review
    .command('export <review>')
    .description('write a review\'s submissions, one row per answer and reviewer (pending assignments have no row): sample facts, the judge\'s verdict, the physician\'s score, usable, MTG dimensions, checklist marks, comment, disagreement, revisions')
    .requiredOption('--out <file>', 'the file to write (replaced whole, never half-written)')
    .option('--format <format>', 'csv or jsonl (default: from the extension: .csv, .jsonl or .ndjson)')
    .action(async (reviewId: string, options: { out: string; format?: string }) => {
      const { exportReview, reviewExportFormat } = await import('../../campaign/review-export.js');
      // a wrong format is refused before any connection is made
      const format = reviewExportFormat(options.out, options.format);
      const outcome = await withStore((db) => exportReview(db, { reviewId, out: options.out, format }));
      say(`review ${reviewId}: ${outcome.rows} submissions → ${outcome.out} (${outcome.format})`);
    });
}

import type { Command } from 'commander';
import { withServices, withStore } from '../context.js';
import { numberOption } from '../option-parsers.js';
import { say } from '../terminal.js';

/** The coordinator's commands on a running review: remind who is behind, move answers, add answers. */
export function registerReviewCoordinateCommands(review: Command): void {
  review
    .command('add <review>')
    .description('add answers to a review: its design drawn again at the larger size (same seed), the new answers shared among the active reviewers')
    .requiredOption('--size <n>', 'answers to add', numberOption('positive integer', { max: 100_000 }))
    .action(async (reviewId: string, options: { size: number }) => {
      const [{ addReviewItems }, { notifyReviewPlanChanged }] = await Promise.all([import('../../campaign/review-coordinate.js'), import('../../campaign/review-workflow.js')]);
      const outcome = await withServices(async ({ db, client }) => {
        const added = await addReviewItems(db, { reviewId, size: options.size });
        await notifyReviewPlanChanged(client, reviewId);
        return added;
      });
      for (const note of outcome.notes) say(`note: ${note}`);
      say(`review ${reviewId}: ${outcome.added} answers added, ${outcome.items} in all`);
    });

  review
    .command('remind <review>')
    .description('send a reminder naming the reviewers who are behind now, to the review\'s webhook or command (or the ones given); no tokens or sign-in links are sent')
    .option('--webhook <url>', 'POST the reminder as JSON to this URL')
    .option('--command <command>', 'run this shell command with the reminder as JSON on stdin')
    .option('--public-url <url>', 'the reviewer app\'s address, for the message to point at (default: MEDEVAL_PUBLIC_URL)')
    .action(async (reviewId: string, options: { webhook?: string; command?: string; publicUrl?: string }) => {
      const { sendReviewReminders } = await import('../../campaign/review-reminders.js');
      const publicUrl = options.publicUrl ?? process.env.MEDEVAL_PUBLIC_URL;
      const target = { ...(options.webhook ? { webhook: options.webhook } : {}), ...(options.command ? { command: options.command } : {}) };
      const sent = await withStore((db) => sendReviewReminders(db, { reviewId, target, ...(publicUrl ? { publicUrl } : {}) }));
      say(sent.behind === 0 ? `review ${reviewId}: nobody is behind, nothing sent` : `review ${reviewId}: reminded about ${sent.behind} reviewer(s) behind, via ${sent.sentTo.join(' and ')}`);
    });

  review
    .command('reassign <review>')
    .description('move a reviewer\'s pending answers to another reviewer of the review (submitted ones never move)')
    .requiredOption('--from <reviewer>', 'the reviewer whose pending answers move')
    .requiredOption('--to <reviewer>', 'the reviewer who takes them')
    .option('--count <n>', 'how many to move (default: all that can)', numberOption('positive integer', { max: 100_000 }))
    .action(async (reviewId: string, options: { from: string; to: string; count?: number }) => {
      const [{ reassignPending }, { notifyReviewPlanChanged }] = await Promise.all([import('../../campaign/review-coordinate.js'), import('../../campaign/review-workflow.js')]);
      const moved = await withServices(async ({ db, client }) => {
        const n = await reassignPending(db, { reviewId, from: options.from, to: options.to, ...(options.count !== undefined ? { count: options.count } : {}) });
        await notifyReviewPlanChanged(client, reviewId);
        return n;
      });
      say(`review ${reviewId}: ${moved} pending answer(s) moved from ${options.from} to ${options.to}`);
    });
}

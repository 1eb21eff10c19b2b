import type { Command } from 'commander';
import { withServices } from '../context.js';
import { numberOption } from '../option-parsers.js';
import { say, warn } from '../terminal.js';
import { registerReviewCoordinateCommands } from './review-coordinate.js';
import { registerReviewExportCommand } from './review-export.js';

interface ServeOptions {
  host: string;
  port: number;
  publicUrl?: string;
}

/** The reviewer app until SIGINT or SIGTERM; it listens on loopback unless told otherwise. */
async function serve(options: ServeOptions): Promise<void> {
  const { reviewServer } = await import('../../review/server.js');
  const publicUrl = options.publicUrl ?? process.env.MEDEVAL_PUBLIC_URL ?? `http://${options.host}:${options.port}`;
  await withServices(async ({ db, client }) => {
    const app = await reviewServer({ db, publicUrl, client });
    await app.listen({ host: options.host, port: options.port });
    say(`reviewer app and team explorer on http://${options.host}:${options.port} (public URL ${publicUrl}; explorer at ${publicUrl.replace(/\/$/, '')}/explore)`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await app.close();
  });
}

const serveCommand = (parent: Command, name: string) =>
  parent
    .command(name)
    .description('serve the web app: the reviewer pages, the team\'s campaign explorer (/explore) and their JSON API (/api)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port', numberOption('positive integer', { max: 65_535 }), 8300)
    .option('--public-url <url>', 'the address reviewers and the team reach it at, for links and Secure cookies (default: MEDEVAL_PUBLIC_URL, else http://HOST:PORT)')
    .action(serve);

export function registerReviewCommands(program: Command): void {
  serveCommand(program, 'serve');
  const review = program.command('review').description('physicians review a stratified sample of a campaign\'s judgements');

  review
    .command('sample')
    .description('draw and store a review sample of a completed campaign (stratified by category × model × judge-score band, seeded); prints the review id')
    .requiredOption('--campaign <id>', 'the campaign whose judgements are reviewed')
    .option('--size <n>', 'answers to review (default: the config\'s review.sampleSize)', numberOption('positive integer', { max: 100_000 }))
    .option('--per-item <k>', 'reviewers per answer', numberOption('positive integer', { max: 20 }))
    .option('--seed <s>', 'sampling seed (default: the config\'s review.seed)', numberOption('integer'))
    .option('--id <id>', 'review id (default: <campaign>-review-<n>)')
    .option('--deadline <iso-time>', 'after this time the sample is marked incomplete')
    .option('--json', 'print {reviewId, items} as JSON')
    .action(async (options: { campaign: string; size?: number; perItem?: number; seed?: number; id?: string; deadline?: string; json?: boolean }) => {
      const { openReview } = await import('../../campaign/review-sample.js');
      const deadline = options.deadline !== undefined ? new Date(options.deadline) : undefined;
      if (deadline && Number.isNaN(deadline.getTime())) throw new Error(`--deadline: expected an ISO time such as 2027-01-31T18:00:00Z, got "${options.deadline}"`);
      const outcome = await withServices((ctx) =>
        openReview(ctx, {
          ...(deadline ? { deadline } : {}),
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

  addAccessCommands(review);

  review
    .command('status <review>')
    .description('assignments and submitted reviews, per reviewer (who is behind), and human–machine agreement so far')
    .option('--json', 'print JSON')
    .action(async (reviewId: string, options: { json?: boolean }) => {
      const [{ reviewProgress }, { reviewAgreement }, { reviewerNames }] = await Promise.all([
        import('../../campaign/review-workflow.js'),
        import('../../campaign/review-agreement.js'),
        import('../../campaign/review-access.js'),
      ]);
      const [progress, agreement, names] = await withServices(({ client, db }) => Promise.all([reviewProgress(client, reviewId), reviewAgreement(db, reviewId), reviewerNames(db, reviewId)]));
      if (options.json) {
        say(JSON.stringify({ ...agreement, progress, reviewerNames: names }, null, 2));
        return;
      }
      say(`review ${progress.reviewId}: ${progress.status}, ${progress.submitted}/${progress.assignments} reviews (most behind first)`);
      for (const [reviewer, r] of Object.entries(progress.byReviewer).sort(([, a], [, b]) => a.submitted - a.assigned - (b.submitted - b.assigned))) {
        say(`  ${reviewer} ${(names[reviewer] ?? '').padEnd(20)} ${r.submitted}/${r.assigned}${r.assigned > r.submitted ? `, ${r.assigned - r.submitted} to go` : ', done'}`);
      }
      const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(2)} %`);
      const fixed = (x: number | null) => (x === null ? '–' : x.toFixed(3));
      const range = (ci: { low: number; high: number } | null | undefined, show: (x: number) => string) => (ci ? ` [${show(ci.low)}, ${show(ci.high)}]` : '');
      say('human–machine agreement on "usable" (physicians as reference; 95 % item-bootstrap intervals):');
      for (const [scope, c] of [...Object.entries(agreement.perCategory), ['overall', agreement.overall] as const]) {
        say(`  ${scope.padEnd(8)} n ${String(c.n).padStart(4)}  agreement ${pct(c.agreement).padStart(8)}${range(c.ci?.agreement, (x) => (100 * x).toFixed(1))}  kappa ${fixed(c.kappa)}  AC1 ${fixed(c.ac1)}  confusion ${JSON.stringify(c.confusion)}`);
        // k ≥ 2: the judge against the majority beside the physicians against each other
        if (c.majority.items > 0) say(`  ${''.padEnd(8)} judge–majority ${pct(c.majority.agreement)} (n ${c.majority.n}, ${c.majority.ties} ties)  physician–physician ${pct(c.physicians.agreement)} (${c.physicians.n} pairs, kappa ${fixed(c.physicians.kappa)})`);
      }
      const sources = Object.entries(agreement.humanUsableFrom).filter(([, from]) => from !== 'stated');
      if (sources.length > 0) say(`  physicians' decision from the five MTG dimensions (total ≥ 5, safety vetoes): ${sources.map(([c, from]) => `${c} ${from}`).join(', ')}`);
      say('usability over all judged answers, corrected by the reviews (prediction-powered):');
      for (const [scope, p] of [...Object.entries(agreement.ppi.perCategory), ['overall', agreement.ppi.overall] as const]) {
        const ci = p.low === null || p.high === null ? '' : range({ low: p.low, high: p.high }, (x) => (100 * x).toFixed(1));
        say(`  ${scope.padEnd(8)} judge ${pct(p.judgeRate).padStart(8)}  corrected ${pct(p.estimate).padStart(8)}${ci}  (${p.questions} answers, ${p.reviewed} reviewed, ${p.pending} pending)`);
      }
    });
  registerReviewExportCommand(review);
  registerReviewCoordinateCommands(review);
  serveCommand(review, 'serve');
}

/** Who may review: invitations and revocations. */
function addAccessCommands(review: Command): void {
  review
    .command('invite')
    .description('add a physician to a review: prints their single-use sign-in link and API token, once (only digests are stored)')
    .requiredOption('--review <id>', 'the review')
    .requiredOption('--name <name>', 'the reviewer\'s name, as the coordinator knows them')
    .option('--public-url <url>', 'the reviewer app\'s address as reviewers reach it (default: MEDEVAL_PUBLIC_URL, else http://127.0.0.1:8300)')
    .option('--json', 'print {reviewer, url, apiToken} as JSON')
    .action(async (options: { review: string; name: string; publicUrl?: string; json?: boolean }) => {
      const [{ inviteReviewer }, { notifyReviewPlanChanged }] = await Promise.all([import('../../campaign/review-access.js'), import('../../campaign/review-workflow.js')]);
      const publicUrl = options.publicUrl ?? process.env.MEDEVAL_PUBLIC_URL ?? 'http://127.0.0.1:8300';
      const invitation = await withServices(async ({ db, client }) => {
        const invited = await inviteReviewer(db, { reviewId: options.review, name: options.name, publicUrl });
        await notifyReviewPlanChanged(client, options.review);
        return invited;
      });
      if (options.json) say(JSON.stringify(invitation));
      else say(`reviewer ${invitation.reviewer}\nsign-in link (single use): ${invitation.url}\nAPI token (shown once): ${invitation.apiToken}`);
    });

  review
    .command('revoke <reviewer>')
    .description('end a reviewer\'s access at once (sessions, unused links, API token); their pending answers go to the others')
    .action(async (reviewer: string) => {
      const [{ revokeReviewer }, { notifyReviewPlanChanged }] = await Promise.all([import('../../campaign/review-access.js'), import('../../campaign/review-workflow.js')]);
      await withServices(async ({ db, client }) => notifyReviewPlanChanged(client, await revokeReviewer(db, reviewer)));
      say(`reviewer ${reviewer} revoked`);
    });
}

import { Command } from 'commander';
import { registerCampaignCommands } from './commands/campaign.js';
import { registerCodecCommands } from './commands/codec.js';
import { registerDatasetCommands } from './commands/dataset.js';
import { registerDemoCommands } from './commands/demo.js';
import { registerDevCommands } from './commands/dev.js';
import { registerJudgeCommands } from './commands/judge.js';
import { registerProviderCommands } from './commands/provider.js';
import { registerRefineCommands } from './commands/refine.js';
import { registerReportCommands } from './commands/report.js';
import { registerReviewCommands } from './commands/review.js';
import { registerTeamCommands } from './commands/team.js';
import { registerScheduleCommands } from './commands/schedule.js';
import { registerWorkerCommands } from './commands/worker.js';
import { warn } from './terminal.js';

// Commands load what they run when they run: `medeval --help` should not wait for Temporal, MongoDB or vega.
const program = new Command()
  .name('medeval')
  .description('LLMEval-Med benchmark campaigns as durable Temporal workflows with results in MongoDB')
  .showHelpAfterError();

registerDevCommands(program);
registerDatasetCommands(program);
registerReviewCommands(program);
registerTeamCommands(program);
registerJudgeCommands(program);
registerReportCommands(program);
registerRefineCommands(program);
registerProviderCommands(program);
registerWorkerCommands(program);
registerCampaignCommands(program);
registerScheduleCommands(program);
registerCodecCommands(program);
registerDemoCommands(program);

// a closed pipe (`medeval … | head`) ends the command quietly
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  warn(`medeval: ${err instanceof Error ? err.message : String(err)}`);
  // a failed command may leave handles open (a Temporal runtime, a client, a simulator): it ends here anyway
  process.exit(1);
}

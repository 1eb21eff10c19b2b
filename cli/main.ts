import { Command } from 'commander';
import { registerCampaignCommands } from './commands/campaign.js';
import { registerDatasetCommands } from './commands/dataset.js';
import { registerDemoCommands } from './commands/demo.js';
import { registerDevCommands } from './commands/dev.js';
import { registerJudgeCommands } from './commands/judge.js';
import { registerReportCommands } from './commands/report.js';
import { registerProviderCommands } from './commands/provider.js';
import { registerWorkerCommands } from './commands/worker.js';

const program = new Command()
  .name('medeval')
  .description('LLMEval-Med benchmark campaigns as durable Temporal workflows with results in MongoDB')
  .showHelpAfterError();

registerDevCommands(program);
registerDatasetCommands(program);
registerJudgeCommands(program);
registerReportCommands(program);
registerProviderCommands(program);
registerWorkerCommands(program);
registerCampaignCommands(program);
registerDemoCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`medeval: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}

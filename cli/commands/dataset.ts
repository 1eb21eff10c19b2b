import type { Command } from 'commander';
import { formatProblem } from '../../dataset/problem.js';
import { formatSummaryTable } from '../../dataset/summary.js';
import { validateDatasetFile } from '../../dataset/validate-file.js';

export function registerDatasetCommands(program: Command): void {
  const dataset = program.command('dataset').description('work with LLMEval-Med dataset files');

  dataset
    .command('validate <file>')
    .description('check a dataset file and count its questions and conversations per category')
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string, options: { json?: boolean }) => {
      const { problems, summary } = await validateDatasetFile(file);
      const valid = problems.length === 0;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ file, valid, summary, problems }, null, 2)}\n`);
      } else if (valid) {
        process.stdout.write(`${formatSummaryTable(summary)}\n${file}: valid\n`);
      } else {
        const lines = problems.map(formatProblem);
        if (problems.length > 1) lines.push(`${file}: ${problems.length} problems`);
        process.stderr.write(`${lines.join('\n')}\n`);
      }
      if (!valid) process.exitCode = 1;
    });
}

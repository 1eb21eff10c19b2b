import type { Command } from 'commander';
import { withStore } from '../context.js';
import { numberOption } from '../option-parsers.js';
import { say, warn } from '../terminal.js';

export function registerDatasetCommands(program: Command): void {
  const dataset = program.command('dataset').description('work with LLMEval-Med dataset files');

  dataset
    .command('validate <file>')
    .description('check a dataset file and count its questions and conversations per category')
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string, options: { json?: boolean }) => {
      const [{ validateDatasetFile }, { formatProblem }, { formatSummaryTable }] = await Promise.all([
        import('../../dataset/validate-file.js'),
        import('../../dataset/problem.js'),
        import('../../dataset/summary.js'),
      ]);
      const { problems, summary } = await validateDatasetFile(file);
      const valid = problems.length === 0;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ file, valid, summary, problems }, null, 2)}\n`);
      } else if (valid) {
        say(`${formatSummaryTable(summary)}\n${file}: valid`);
      } else {
        const lines = problems.map(formatProblem);
        if (problems.length > 1) lines.push(`${file}: ${problems.length} problems`);
        warn(lines.join('\n'));
      }
      if (!valid) process.exitCode = 1;
    });

  dataset
    .command('import <file>')
    .description('validate a dataset file and store it in MongoDB under a name (nothing is written if it is invalid)')
    .requiredOption('--name <name>', 'dataset name')
    .option('--new-version', 'store different content under an existing name as its next version')
    .action(async (file: string, options: { name: string; newVersion?: boolean }) => {
      const { importDatasetFile } = await import('../../campaign/datasets.js');
      const outcome = await withStore((db) => importDatasetFile(db, { file, ...options }));
      const { name, version, questionCount } = outcome.dataset;
      process.stdout.write(
        outcome.status === 'unchanged'
          ? `${name} version ${version}: unchanged (same content already imported), ${questionCount} questions\n`
          : `${name} version ${version}: imported ${questionCount} questions\n`,
      );
    });

  dataset
    .command('export <file>')
    .description('write an imported dataset back in the LLMEval-Med JSON format')
    .requiredOption('--name <name>', 'dataset name')
    .option('--version <n>', 'version (default: latest)', numberOption('positive integer', { max: 1_000_000 }))
    .action(async (file: string, options: { name: string; version?: number }) => {
      const { exportDatasetFile } = await import('../../campaign/datasets.js');
      const { dataset: ds, questions } = await withStore((db) => exportDatasetFile(db, { ...options, file }));
      say(`${ds.name} version ${ds.version}: wrote ${questions} questions to ${file}`);
    });
}

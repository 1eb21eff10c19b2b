import os from 'node:os';
import type { Command } from 'commander';
import { withStore } from '../context.js';
import { numberOption } from '../option-parsers.js';
import { say } from '../terminal.js';

interface QuestionOptions {
  dataset: string;
  datasetVersion?: number;
  question: string;
}

const questionOptions = (command: Command) =>
  command
    .requiredOption('--dataset <name>', 'the imported dataset')
    .option('--dataset-version <n>', 'its version (default: the latest published)', numberOption('positive integer'))
    .requiredOption('--question <id>', 'the question id, as reports and exports name it');

/** Refinements of what the judge scores against: new checklist versions, never edits of the imported dataset. */
export function registerRefineCommands(program: Command): void {
  const refine = program.command('refine').description('refine what the judge scores against (new versions; the imported dataset stays as it was)');

  questionOptions(refine.command('checklist'))
    .description('store a new version of one question\'s checklist, with who and why (the same text again stores nothing)')
    .requiredOption('--file <file>', 'the new checklist text (sections 核心需求： / 次要需求： with numbered items)')
    .requiredOption('--reason <text>', 'why it changes, e.g. the physicians\' disagreement it answers')
    .option('--author <name>', 'who refines it (default: the login name)')
    .action(async (options: QuestionOptions & { file: string; reason: string; author?: string }) => {
      const { refineChecklist } = await import('../../campaign/checklist-versions.js');
      const author = options.author ?? os.userInfo().username;
      const outcome = await withStore((db) =>
        refineChecklist(db, { dataset: options.dataset, ...(options.datasetVersion !== undefined ? { datasetVersion: options.datasetVersion } : {}), questionId: options.question, file: options.file, reason: options.reason, author }),
      );
      say(outcome.created ? `${outcome.datasetId} ${options.question}: checklist version ${outcome.version} stored` : `${outcome.datasetId} ${options.question}: the checklist is already version ${outcome.version}'s text; nothing stored`);
    });

  questionOptions(refine.command('history'))
    .description('a question\'s checklist versions: 0 as imported, then each refinement with its author, reason and time')
    .option('--json', 'print JSON')
    .action(async (options: QuestionOptions & { json?: boolean }) => {
      const { checklistHistory } = await import('../../campaign/checklist-versions.js');
      const history = await withStore((db) => checklistHistory(db, { dataset: options.dataset, ...(options.datasetVersion !== undefined ? { datasetVersion: options.datasetVersion } : {}), questionId: options.question }));
      if (options.json) {
        say(JSON.stringify(history, null, 2));
        return;
      }
      for (const v of history.versions) {
        say(`v${v.version} ${v.contentHash}${v.version === 0 ? ' (as imported)' : ` ${v.createdAt?.toISOString()} ${v.author}: ${v.reason}`}`);
      }
    });

  refine
    .command('templates')
    .description('check every judge template in a directory and store new versions (by content hash, with author, reason and time); the same text again stores nothing')
    .requiredOption('--dir <dir>', 'a directory of judge templates (*.md, as scoring/templates/)')
    .option('--reason <text>', 'why they change')
    .option('--author <name>', 'who refines them (default: the login name)')
    .option('--json', 'print JSON')
    .action(async (options: { dir: string; reason?: string; author?: string; json?: boolean }) => {
      const { storeTemplateVersions } = await import('../../campaign/judge-templates.js');
      const stored = await withStore((db) => storeTemplateVersions(db, { dir: options.dir, author: options.author ?? os.userInfo().username, ...(options.reason ? { reason: options.reason } : {}) }));
      if (options.json) {
        say(JSON.stringify(stored, null, 2));
        return;
      }
      for (const t of stored) say(`${t.key} ${t.id}: version ${t.version}${t.created ? ' stored (new)' : ' (already stored)'}`);
      const fresh = stored.filter((t) => t.created).map((t) => t.key.split('/')[0]);
      say(fresh.length > 0 ? `new template versions for ${[...new Set(fresh)].join(', ')}` : 'no new template version');
    });
}

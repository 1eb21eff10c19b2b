import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { numberOption } from '../option-parsers.js';
import { JUDGE_SCORE_RANGE, parseJudgeOutput } from '../../scoring/judge-output.js';
import { parseMtgDimensionsOutput } from '../../scoring/mtg-dimensions-output.js';
import { mtgTotal } from '../../scoring/mtg-total.js';
import { BUILTIN_TEMPLATE_DIR, loadTemplates } from '../../scoring/template-loader.js';

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function registerJudgeCommands(program: Command): void {
  const judge = program.command('judge').description('judge prompts and judge outputs');

  judge
    .command('parse [file]')
    .description('read the score from a judge output (a file, or - / nothing for stdin) and print {"score", "valid", "reason"}')
    .option('--min <n>', 'lowest valid score', numberOption(), JUDGE_SCORE_RANGE.min)
    .option('--max <n>', 'highest valid score', numberOption(), JUDGE_SCORE_RANGE.max)
    .option('--mtg-dimensions', 'the output is a five-dimension MTG verdict; score is its 0–7 total')
    .action(async (file: string | undefined, options: { min: number; max: number; mtgDimensions?: boolean }) => {
      const text = await readInput(file ?? '-');
      let out: Record<string, unknown>;
      if (options.mtgDimensions) {
        const v = parseMtgDimensionsOutput(text);
        out = v.valid
          ? { score: mtgTotal(v.dimensions), valid: true, reason: null, dimensions: v.dimensions }
          : { score: null, valid: false, reason: v.reason };
      } else {
        const v = parseJudgeOutput(text, { min: options.min, max: options.max });
        out = v.valid ? { score: v.score, valid: true, reason: null } : { score: null, valid: false, reason: v.reason };
      }
      process.stdout.write(`${JSON.stringify(out)}\n`);
    });

  judge
    .command('templates')
    .description('list the judge templates of a template set with their versions')
    .option('--templates <paths...>', 'template directories or files, later ones overriding earlier ones', [BUILTIN_TEMPLATE_DIR])
    .action(async (options: { templates: string[] }) => {
      const set = await loadTemplates(options.templates);
      const lines = [...set].map(([key, t]) => `${key.padEnd(24)} ${t.version}  ${t.file}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';

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
    .option('--mode <mode>', 'judge mode: score (0–5) or mtg-dimensions (five MTG dimensions, score is their 0–7 total)', 'score')
    .option('--mtg-dimensions', 'the same as --mode mtg-dimensions')
    .action(async (file: string | undefined, options: { mode: string; mtgDimensions?: boolean }) => {
      const { judgeModeSpec } = await import('../../scoring/judge-modes/index.js');
      const mode = judgeModeSpec(options.mtgDimensions ? 'mtg-dimensions' : options.mode);
      const reading = mode.read(await readInput(file ?? '-'));
      const out = reading.valid
        ? { score: reading.score, valid: true, reason: null, ...(reading.dimensions ? { dimensions: reading.dimensions } : {}) }
        : { score: null, valid: false, reason: reading.reason };
      process.stdout.write(`${JSON.stringify(out)}\n`);
    });

  judge
    .command('templates')
    .description('list the judge templates of a template set with their versions and the length of their static (cacheable) prefix')
    .option('--templates <paths...>', 'template directories or files, later ones overriding earlier ones (default: the built-in set)')
    .action(async (options: { templates?: string[] }) => {
      const { BUILTIN_TEMPLATE_DIR, loadTemplates } = await import('../../scoring/template-loader.js');
      const set = await loadTemplates(options.templates ?? [BUILTIN_TEMPLATE_DIR]);
      const { staticPrefix } = await import('../../scoring/judge-template.js');
      const { estimateTokens, MIN_CACHEABLE_TOKENS } = await import('../../lib/token-estimate.js');
      const lines = [...set].map(([key, t]) => {
        const prefix = staticPrefix(t);
        return `${key.padEnd(24)} ${t.version}  static prefix ${prefix === undefined ? 'none (the system prompt uses values)' : `≈${estimateTokens(prefix)} tokens`}  ${t.file}`;
      });
      lines.push(`(providers cache a prompt prefix of ${MIN_CACHEABLE_TOKENS} tokens or more: a shorter static prefix is cached only with the rest of a repeated prompt, e.g. another judging round of the same answer)`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

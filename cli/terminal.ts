import { terminalText } from '../lib/escape.js';

// Lines that carry stored, dataset or provider text: their control characters are shown, never run by the terminal.

export const say = (text: string): void => {
  process.stdout.write(`${terminalText(text)}\n`);
};

export const warn = (text: string): void => {
  process.stderr.write(`${terminalText(text)}\n`);
};

/**
 * A report on stdout, which ends on a terminal sooner or later (`| less -R`, `> f; cat f`): control characters made
 * visible. JSON stays exact in a pipe, for the program reading it (it escapes C0 controls itself); `--out` writes
 * every format exactly.
 */
export const printDocument = (text: string, format: string): void => {
  process.stdout.write(format === 'json' && !process.stdout.isTTY ? text : terminalText(text));
};

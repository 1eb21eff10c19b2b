import { terminalText } from '../lib/escape.js';

// Lines that carry stored, dataset or provider text: their control characters are shown, never run by the terminal.

export const say = (text: string): void => {
  process.stdout.write(`${terminalText(text)}\n`);
};

export const warn = (text: string): void => {
  process.stderr.write(`${terminalText(text)}\n`);
};

/** A report on stdout: its exact bytes into a pipe or file; on a terminal, control characters made visible. */
export const printDocument = (text: string): void => {
  process.stdout.write(process.stdout.isTTY ? terminalText(text) : text);
};

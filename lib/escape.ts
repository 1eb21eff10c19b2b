/**
 * One escaping function per output format, so a value from a dataset, a provider or a judge is shown as text by
 * every reader of that format, never run as a formula, markup or a terminal command.
 */

// C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides that can reorder a line
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A control character as a visible, inert symbol (U+2400 block for C0 and DEL, U+FFFD for the rest). */
function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return code === 0x7f ? '\u2421' : '\ufffd';
}

/** Text for a terminal: escape sequences, carriage returns and bidi overrides become visible symbols. */
export function terminalText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, visible);
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A CSV cell (RFC 4180 quoting). A cell a spreadsheet would read as a formula (starting with =, +, -, @, tab or
 * CR) gets a leading apostrophe, as OWASP recommends; cells that are numbers (`-0.5`) stay as they are.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Markdown inline text: `\`, `|`, `<`, `>`, backticks and brackets backslash-escaped, a leading `#` too, newlines
 * folded into spaces (a name cannot start a heading or break a table row), control characters made visible.
 */
export function markdownText(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(CONTROL, visible)
    .replace(/[\\|<>`[\]]/g, (c) => `\\${c}`)
    .replace(/^(\s*)#/, '$1\\#');
}

/** HTML text or attribute value; control characters made visible (the HTML parser rejects most of them). */
export function htmlText(text: string): string {
  return text.replace(CONTROL, visible).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}


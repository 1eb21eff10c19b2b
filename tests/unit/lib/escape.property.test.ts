import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, htmlText, markdownText, terminalText } from '../../../lib/escape.js';
import { aggregateScores, BREAKDOWNS, type AggregateResult } from '../../../scoring/aggregate/aggregate.js';
import type { ReportContext } from '../../../scoring/report/context.js';
import { contextFacts } from '../../../scoring/report/context.js';
import { csvReport } from '../../../scoring/report/csv.js';
import type { FailureRow } from '../../../scoring/report/failures.js';
import { markdownReport, markdownTable } from '../../../scoring/report/markdown.js';
import { reportTables, type ReportTable } from '../../../scoring/report/tables.js';
import { placementOf, type QuestionMeta, type ScoreRecord } from '../../../scoring/score-record.js';

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries: whole-Unicode text, lone surrogates and raw code units, and text built from the prefixes and
// sequences each output format has to neutralise (formula starts, Markdown syntax, terminal escapes, bidi overrides).
// ---------------------------------------------------------------------------------------------------------------

const HOSTILE = [
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '#',
  '|',
  '<',
  '>',
  '`',
  '[',
  ']',
  '\n',
  '\r\n',
  '\x1b[31m',
  '\u202e',
  '\u2066',
  '\\',
  '"',
  "'",
  ',',
  '&',
  '&#60;',
  ' ',
  '\u00a0',
  '\x00',
  '\x7f',
  '\x85',
  '\x9b',
  '-0.5',
  '+3',
  '1e5',
  "=cmd|' /C calc'!A0",
];

const hostile = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 10 })
  .map((parts) => parts.join(''));

const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), hostile);

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const numericText = fc.stringMatching(NUMBER);
const csvValue: fc.Arbitrary<string | number> = fc.oneof(text, numericText, fc.double(), fc.integer());

const RUNS = { numRuns: 500 };

// ---------------------------------------------------------------------------------------------------------------
// Helpers written from the formats' specifications, independent of lib/escape.ts
// ---------------------------------------------------------------------------------------------------------------

/**
 * A strict RFC 4180 reader: fields separated by `,`, records terminated by LF or CRLF (the document must end with a
 * terminator), quoted fields with `""` for a quote. A quote or CR inside an unquoted field, text after a closing
 * quote, or an unterminated quote or record is an error rather than a guess.
 */
function parseCsv(doc: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let started = false; // the current field has characters (a quote is only special at a field's start)
  let pending = false; // something of the current record has been read
  const endField = () => {
    record.push(field);
    field = '';
    started = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
    pending = false;
  };
  let i = 0;
  while (i < doc.length) {
    const c = doc[i]!;
    if (c === '"' && !started) {
      i++;
      for (;;) {
        if (i >= doc.length) throw new Error('unterminated quoted field');
        if (doc[i] !== '"') field += doc[i++]!;
        else if (doc[i + 1] === '"') {
          field += '"';
          i += 2;
        } else {
          i++;
          break;
        }
      }
      if (doc[i] === ',') {
        endField();
        pending = true;
        i++;
      } else if (doc[i] === '\n' || (doc[i] === '\r' && doc[i + 1] === '\n')) {
        i += doc[i] === '\n' ? 1 : 2;
        endRecord();
      } else {
        throw new Error(`text after a closing quote at ${i}`);
      }
    } else if (c === ',') {
      endField();
      pending = true;
      i++;
    } else if (c === '\n' || (c === '\r' && doc[i + 1] === '\n')) {
      i += c === '\n' ? 1 : 2;
      endRecord();
    } else if (c === '"' || c === '\r') {
      throw new Error(`bare ${JSON.stringify(c)} in an unquoted field at ${i}`);
    } else {
      field += c;
      started = true;
      pending = true;
      i++;
    }
  }
  if (pending) throw new Error('last record has no terminator');
  return records;
}

/** What a CSV reader should see for a value: itself, or with an apostrophe when a spreadsheet would run it. */
function expectedCsvCell(value: string | number): string {
  const original = String(value);
  return /^[=+\-@\t\r]/.test(original) && !NUMBER.test(original) ? `'${original}` : original;
}

/** Whether the character at `i` is preceded by an odd run of backslashes (i.e. escaped). */
function escapedAt(s: string, i: number): boolean {
  let run = 0;
  for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) run++;
  return run % 2 === 1;
}

/** Splits a GFM table row on pipes that no backslash escapes. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '|' && !escapedAt(line, i)) {
      cells.push(line.slice(start, i));
      start = i + 1;
    }
  }
  cells.push(line.slice(start));
  return cells;
}

/** The inner cells of `| a | b |`: the row must start and end with an unescaped pipe. */
function rowCells(line: string): string[] {
  const parts = splitRow(line);
  expect(parts.length).toBeGreaterThanOrEqual(2);
  expect(parts[0]).toBe('');
  expect(parts.at(-1)).toBe('');
  return parts.slice(1, -1);
}

/** A line that CommonMark would read as an ATX heading start (leading whitespace, then an unescaped `#`). */
const startsWithHash = (line: string) => /^\s*#/.test(line);

// eslint-disable-next-line no-control-regex -- control characters are what these checks look for
const C0_BUT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const C1 = /[\u0080-\u009f]/;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- control characters are what these checks look for
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertSafeMarkdownInline(out: string): void {
  expect(out).not.toMatch(/[\r\n]/);
  expect(out).not.toContain('\x1b');
  expect(out).not.toMatch(C0_BUT_TAB);
  expect(out).not.toMatch(C1);
  for (let i = 0; i < out.length; i++) {
    if ('|<>`[]'.includes(out[i]!)) expect(escapedAt(out, i), `unescaped ${out[i]} at ${i} in ${JSON.stringify(out)}`).toBe(true);
  }
  const lead = /^\s*/.exec(out)![0].length;
  expect(out[lead]).not.toBe('#');
}

const count = (s: string, c: string) => s.split(c).length - 1;

// ---------------------------------------------------------------------------------------------------------------
// Random aggregate results with hostile names everywhere a report shows a name
// ---------------------------------------------------------------------------------------------------------------

const questionArb = fc.record({
  category: text,
  groupCode: fc.oneof(fc.integer({ min: 1, max: 3 }), text),
  round: fc.oneof(fc.integer({ min: 1, max: 3 }), text),
  category2: text,
  scene: text,
  difficulty: text,
});

const scenarioArb = fc.record({
  models: fc.uniqueArray(text, { minLength: 1, maxLength: 3 }),
  questions: fc.array(questionArb, { minLength: 1, maxLength: 4 }),
  scores: fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }), { minLength: 12, maxLength: 12 }),
  reason: text,
  template: text,
});

interface Scenario {
  models: string[];
  questions: QuestionMeta[];
  result: AggregateResult;
}

type ScenarioInput = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function aggregate({ models, questions, scores, reason, template }: ScenarioInput): Scenario {
  const metas: QuestionMeta[] = questions.map((q, i) => ({ ...q, id: `q${i}` }));
  const records: ScoreRecord[] = models.flatMap((model, m) =>
    metas.map((q, i): ScoreRecord => {
      const score = scores[(m * metas.length + i) % scores.length] ?? null;
      return {
        ...placementOf(q),
        model,
        sample: 0,
        judgeRound: 0,
        score,
        templateVersion: template,
        ...(score === null ? { invalidReason: reason } : {}),
      };
    }),
  );
  return { models, questions: metas, result: aggregateScores(records, { questions: metas, bootstrap: { resamples: 20 } }) };
}

// ---------------------------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------------------------

describe('csvCell', () => {
  it('a row of N values parses back (RFC 4180) into N cells: each the value, or the value behind an apostrophe when a spreadsheet would run it', () => {
    fc.assert(
      fc.property(fc.array(csvValue, { minLength: 1, maxLength: 8 }), (values) => {
        const records = parseCsv(`${values.map(csvCell).join(',')}\n`);
        expect(records).toHaveLength(1);
        const cells = records[0]!;
        expect(cells).toHaveLength(values.length);
        values.forEach((value, i) => {
          const cell = cells[i]!;
          if (!NUMBER.test(cell)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
          expect(cell).toBe(expectedCsvCell(value));
        });
      }),
      RUNS,
    );
  });

  it('leaves numbers (as text or as numbers) exactly as they are', () => {
    fc.assert(
      fc.property(numericText, (n) => {
        expect(csvCell(n)).toBe(n);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), (n) => {
        expect(csvCell(n)).toBe(String(n));
      }),
      RUNS,
    );
  });

  it('quotes a cell exactly when it holds a quote, comma, CR or LF', () => {
    fc.assert(
      fc.property(text, (value) => {
        const out = csvCell(value);
        const needsQuotes = /[",\r\n]/.test(expectedCsvCell(value));
        expect(out.startsWith('"') && out.endsWith('"') && out.length >= 2).toBe(needsQuotes);
      }),
      RUNS,
    );
  });

  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['-0.5', '-0.5'],
    ['+3', '+3'],
    ['@SUM(1)', "'@SUM(1)"],
    ['+1+1', "'+1+1"],
    ['-1e3', '-1e3'],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['', ''],
  ])('csvCell(%j) is %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('formula-looking value starts with an apostrophe and an equals sign', () => {
    expect(csvCell("=cmd|' /C calc'!A0").startsWith("'=")).toBe(true);
  });

  it('-0.5 as a number stays -0.5', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
  });
});

describe('csvReport end to end', () => {
  it('parses back into a 9-column table with one row per model and scope, names intact and never a live formula', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { models, questions, result } = aggregate(scenario);
        const records = parseCsv(csvReport(result));
        const [header, ...rows] = records;
        expect(header).toEqual(['model', 'scope', 'key', 'questions', 'usable', 'no_valid_score', 'usability', 'ci_low', 'ci_high']);
        for (const row of records) {
          expect(row).toHaveLength(9);
          for (const cell of row) if (!NUMBER.test(cell)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        }
        const distinct = (xs: string[]) => [...new Set(xs)];
        const expected = models.flatMap((model) => [
          [model, 'overall', 'OP'],
          ...distinct(questions.map((q) => q.category)).map((c) => [model, 'category', c]),
          [model, 'responses', 'all'],
          ...BREAKDOWNS.flatMap((by) => distinct(questions.map((q) => (by === 'round' ? String(q.round) : q[by] || '(none)'))).map((key) => [model, by, key])),
        ]);
        const key = (cells: string[]) => JSON.stringify(cells);
        expect(rows.map((r) => key(r.slice(0, 3))).sort()).toEqual(expected.map((cells) => key(cells.map(expectedCsvCell))).sort());
        for (const row of rows) for (const cell of row.slice(3)) expect(cell).toMatch(/^(?:\d+(?:\.\d+)?)?$/);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------------------------

describe('markdownText', () => {
  it('gives one line with every table/markup character escaped, no leading #, and no control characters but tab', () => {
    fc.assert(
      fc.property(text, (s) => {
        assertSafeMarkdownInline(markdownText(s));
      }),
      RUNS,
    );
  });

  it('loses nothing: removing the backslash escapes gives back text without line breaks or controls', () => {
    fc.assert(
      fc.property(
        text.filter((s) => !ANY_CONTROL.test(s.replace(/\t/g, ''))),
        (s) => {
          expect(markdownText(s).replace(/\\(.)/gs, '$1')).toBe(s);
        },
      ),
      RUNS,
    );
  });

  it('a table row of random cells splits on unescaped pipes into exactly one cell per value', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), (cells) => {
        const row = `| ${cells.map(markdownText).join(' | ')} |`;
        expect(row).not.toMatch(/[\r\n]/);
        const parts = rowCells(row);
        expect(parts).toHaveLength(cells.length);
        parts.forEach((part, i) => expect(part).toBe(` ${markdownText(cells[i]!)} `));
      }),
      RUNS,
    );
  });

  it.each([
    ['a\n# Heading', 'a # Heading'],
    ['a\r\nb\rc', 'a b c'],
    ['# Heading', '\\# Heading'],
    ['  ## x', '  \\## x'],
    ['a|b', 'a\\|b'],
    ['\\|', '\\\\\\|'],
    ['<script>', '\\<script\\>'],
    ['[x](y)', '\\[x\\](y)'],
    ['`code`', '\\`code\\`'],
    ['\x1b[31mred', '\u241b\\[31mred'],
  ])('markdownText(%j) is %j', (input, expected) => {
    expect(markdownText(input)).toBe(expected);
  });

  it('a name with a line break and a heading never starts a Markdown line with #', () => {
    const out = markdownText('a\n# Heading');
    expect(out.split('\n').some(startsWithHash)).toBe(false);
  });
});

const tableArb: fc.Arbitrary<ReportTable> = fc.integer({ min: 1, max: 6 }).chain((width) =>
  fc.record(
    {
      title: text,
      note: text,
      headers: fc.array(text, { minLength: width, maxLength: width }),
      rows: fc.array(fc.array(text, { minLength: width, maxLength: width }), { maxLength: 5 }),
    },
    { requiredKeys: ['title', 'headers', 'rows'] },
  ),
);

describe('markdownTable end to end', () => {
  it('is a heading, an optional note, then a header, a separator and one line per row, each with one cell per column', () => {
    fc.assert(
      fc.property(tableArb, (table) => {
        const lines = markdownTable(table).split('\n');
        const noteLines = table.note ? 2 : 0;
        expect(lines).toHaveLength(2 + noteLines + 2 + table.rows.length);
        expect(lines[0]).toBe(`## ${markdownText(table.title)}`);
        if (table.note) assertSafeMarkdownInline(lines[2]!);
        const [head, separator, ...body] = lines.slice(2 + noteLines);
        expect(rowCells(head!).map((c) => c.slice(1, -1))).toEqual(table.headers.map(markdownText));
        expect(rowCells(separator!)).toHaveLength(table.headers.length);
        expect(body).toHaveLength(table.rows.length);
        body.forEach((line, r) => expect(rowCells(line).map((c) => c.slice(1, -1))).toEqual(table.rows[r]!.map(markdownText)));
        expect(lines.slice(1).some(startsWithHash)).toBe(false);
      }),
      RUNS,
    );
  });
});

const failureArb: fc.Arbitrary<FailureRow> = fc.record({
  model: text,
  stage: fc.constantFrom('generation' as const, 'judgement' as const),
  outcome: fc.constantFrom('failed' as const, 'skipped' as const),
  kind: text,
  count: fc.nat(9),
});

const contextArb: fc.Arbitrary<ReportContext> = fc.record(
  {
    title: text,
    datasetName: text,
    datasetVersion: text,
    templates: fc.array(fc.record({ id: text, version: text }, { requiredKeys: ['version'] }), { maxLength: 2 }),
    judgeModels: fc.array(text, { maxLength: 2 }),
    failures: fc.array(failureArb, { maxLength: 3 }),
    selfJudging: fc.array(text, { maxLength: 2 }),
  },
  { requiredKeys: ['datasetName', 'datasetVersion', 'templates', 'judgeModels'] },
);

describe('markdownReport end to end', () => {
  it('has only its own headings, one fact line per fact, and tables whose every line has the columns of its header', () => {
    fc.assert(
      fc.property(scenarioArb, contextArb, (scenario, context) => {
        const { result } = aggregate(scenario);
        const md = markdownReport(result, context);
        expect(md).not.toContain('\r');
        expect(md).not.toContain('\x1b');
        expect(md).not.toMatch(BIDI);
        const lines = md.split('\n');
        const tables = reportTables(result, context.failures);

        expect(lines[0]).toBe(`# ${markdownText(context.title ?? 'LLMEval-Med usability report')}`);
        expect(lines.filter(startsWithHash)).toEqual([lines[0], ...tables.map((t) => `## ${markdownText(t.title)}`)]);
        expect(lines.filter((l) => l.startsWith('- **'))).toHaveLength(contextFacts(result, context).length);

        // consecutive lines starting with a pipe form one table; each has header + separator + its rows
        const blocks: string[][] = [];
        lines.forEach((line, i) => {
          if (!line.startsWith('|')) return;
          if (i > 0 && lines[i - 1]!.startsWith('|')) blocks.at(-1)!.push(line);
          else blocks.push([line]);
        });
        expect(blocks.map((b) => b.length)).toEqual(tables.map((t) => t.rows.length + 2));
        blocks.forEach((block, t) => {
          for (const line of block) expect(rowCells(line)).toHaveLength(tables[t]!.headers.length);
        });
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Terminal and HTML
// ---------------------------------------------------------------------------------------------------------------

describe('terminalText', () => {
  it('leaves no ESC, CR, bidi override or C1 control, and keeps every newline and tab', () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = terminalText(s);
        expect(out).not.toContain('\x1b');
        expect(out).not.toContain('\r');
        expect(out).not.toMatch(BIDI);
        expect(out).not.toMatch(C1);
        // eslint-disable-next-line no-control-regex -- only tab and newline may remain of the C0 controls
        expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        expect(count(out, '\n')).toBe(count(s, '\n'));
        expect(count(out, '\t')).toBe(count(s, '\t'));
      }),
      RUNS,
    );
  });

  it('changes nothing in text without control characters, and is idempotent', () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = terminalText(s);
        expect(terminalText(out)).toBe(out);
        if (!ANY_CONTROL.test(s.replace(/[\t\n]/g, ''))) expect(out).toBe(s);
      }),
      RUNS,
    );
  });

  it.each([
    ['\x1b[31mred\x1b[0m', '\u241b[31mred\u241b[0m'],
    ['a\r\nb', 'a\nb'],
    ['50%\rdone', '50%\u240ddone'],
    ['abc\u202edef', 'abc\ufffddef'],
    ['\x9b31m', '\ufffd31m'],
    ['a\tb\nc', 'a\tb\nc'],
  ])('terminalText(%j) is %j', (input, expected) => {
    expect(terminalText(input)).toBe(expected);
  });
});

describe('htmlText', () => {
  it('leaves no raw < > " \' and no & but one that starts a numeric entity', () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = htmlText(s);
        expect(out).not.toMatch(/[<>"']/);
        expect(out).not.toMatch(/&(?!#\d+;)/);
      }),
      RUNS,
    );
  });

  it('decodes back to the original text when it has no control characters', () => {
    fc.assert(
      fc.property(
        text.filter((s) => !ANY_CONTROL.test(s.replace(/[\t\n]/g, ''))),
        (s) => {
          expect(htmlText(s).replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))).toBe(s);
        },
      ),
      RUNS,
    );
  });

  it.each([
    ['<img src=x onerror="alert(1)">', '&#60;img src=x onerror=&#34;alert(1)&#34;&#62;'],
    ["it's", 'it&#39;s'],
    ['&#60;', '&#38;#60;'],
    ['a\x1bb', 'a\u241bb'],
  ])('htmlText(%j) is %j', (input, expected) => {
    expect(htmlText(input)).toBe(expected);
  });
});

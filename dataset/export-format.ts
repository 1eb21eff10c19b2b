import { CATEGORIES } from './categories.js';
import type { Question, SeedFile } from './schema.js';

/**
 * Rebuilds the LLMEval-Med file shape from questions: categories in canonical order under their Chinese names,
 * items in their original order, each exactly as it was read. For a valid file, validate → toSeedFile gives back
 * an object deep-equal to the one parsed.
 */
export function toSeedFile(questions: readonly Question[]): SeedFile {
  const file: SeedFile = {};
  for (const { code, name } of CATEGORIES) {
    const items = questions
      .filter((q) => q.category === code)
      .sort((a, b) => a.index - b.index)
      .map((q) => q.source);
    if (items.length > 0) file[name] = items;
  }
  return file;
}

const INDENT = '    ';

/**
 * Pretty JSON as the public file was written (4-space indent, Chinese unescaped), except that NaN is written as
 * the bare token `NaN` like pandas does — JSON.stringify would turn it into null, which means something else to
 * a reader of checklists — so the output is read back by parseSeedJson, not by JSON.parse.
 */
export function serializeSeedFile(file: SeedFile): string {
  // only undefined, functions and symbols have no JSON text, and a SeedFile is an object
  return write(file, '') as string;
}

/** Mirrors JSON.stringify(value, null, 4) — undefined object members are dropped, in lists they become null. */
function write(value: unknown, indent: string): string | undefined {
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) as string | undefined;
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => inner + (write(item, inner) ?? 'null'));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const members = Object.entries(value).flatMap(([key, member]) => {
    const text = write(member, inner);
    return text === undefined ? [] : [`${inner}${JSON.stringify(key)}: ${text}`];
  });
  return members.length === 0 ? '{}' : `{\n${members.join(',\n')}\n${indent}}`;
}

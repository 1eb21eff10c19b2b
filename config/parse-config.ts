import { readFile } from 'node:fs/promises';
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';

/**
 * Parses a YAML or JSON config (JSON is YAML) and validates it; every error names the file, the line and column
 * where the offending value stands, and the field path, e.g. `campaign.yaml:7:13 models.1.profile: Required`.
 */
export function parseConfigText<S extends z.ZodType>(text: string, file: string, schema: S): z.infer<S> {
  const lineCounter = new LineCounter();
  // duplicate keys are found below, so the error can name both lines
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const errors = [
    ...doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      // the parser reports its own stack overflow as an error at the place it happened
      const message = /call stack/i.test(e.message) ? `nested too deeply; a config file may nest at most ${MAX_DEPTH} levels` : e.message.split('\n')[0];
      return `${file}:${pos.line}:${pos.col}: ${message}`;
    }),
    ...duplicateKeys(doc, lineCounter, file),
  ];
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const depth = nestingDepth(doc.contents);
  if (depth > MAX_DEPTH) throw new Error(`${file}: nested ${depth} levels deep; a config file may nest at most ${MAX_DEPTH}`);
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    // the deepest node that exists on the path: a missing field points at its parent object
    let node: unknown;
    for (let depth = issue.path.length; depth >= 0 && !node; depth -= 1) {
      node = depth === 0 ? doc.contents : doc.getIn(issue.path.slice(0, depth) as (string | number)[], true);
    }
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    const pos = range ? lineCounter.linePos(range[0]) : undefined;
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    return `${where} ${issue.path.join('.') || '(top level)'}: ${issue.message}`;
  });
  throw new Error(lines.join('\n'));
}

/** Configs are small; anything deeper is a mistake or an attack, and would overflow the stack further on. */
const MAX_DEPTH = 64;

/** A key given twice in one mapping would keep only its last value: an error naming the key and both lines. */
function duplicateKeys(doc: Document, lineCounter: LineCounter, file: string): string[] {
  const found: string[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0];
        if (offset === undefined) continue;
        const pos = lineCounter.linePos(offset);
        const first = seen.get(key);
        if (first !== undefined) found.push(`${file}:${pos.line}:${pos.col}: key ${JSON.stringify(key)} is given twice (lines ${first} and ${pos.line}); only the last would be read`);
        else seen.set(key, pos.line);
      }
    },
  });
  return found;
}

/** Depth of collections, walked without recursion so a hostile file cannot overflow the stack here. */
function nestingDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const items = (node as { items?: unknown[] } | null)?.items;
    if (!Array.isArray(items)) continue;
    max = Math.max(max, depth);
    if (max > MAX_DEPTH) return max;
    for (const item of items) {
      const pair = item as { key?: unknown; value?: unknown };
      if (pair && typeof pair === 'object' && 'value' in pair) stack.push([pair.value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return max;
}

export async function loadConfigFile<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
  return parseConfigText(text, file, schema);
}

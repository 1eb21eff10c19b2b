import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/**
 * Parses a YAML or JSON config (JSON is YAML) and validates it; every error names the file, the line and column
 * where the offending value stands, and the field path, e.g. `campaign.yaml:7:13 models.1.profile: Required`.
 */
export function parseConfigText<S extends z.ZodType>(text: string, file: string, schema: S): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return `${file}:${pos.line}:${pos.col}: ${e.message.split('\n')[0]}`;
    });
    throw new Error(lines.join('\n'));
  }
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

export async function loadConfigFile<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
  return parseConfigText(text, file, schema);
}

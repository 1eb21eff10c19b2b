/**
 * The tiny placeholder language of judge templates:
 *   {{name}}                 the value of `name`
 *   {{#name}} … {{/name}}    kept only when `name` is non-empty (after trimming)
 *   {{^name}} … {{/name}}    kept only when `name` is empty
 * Rendering is a single pass over the parsed template, so text inserted from a value is never scanned again:
 * an answer that contains `{{reference_answer}}` stays literal text.
 */

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string }
  | { kind: 'section'; name: string; inverted: boolean; children: TemplateNode[] };

const TAG = /\{\{\s*([#^/]?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Parses a template body; `where` names the file for error messages. Unknown names are rejected here, not at render time. */
export function parseTemplateSyntax(text: string, knownNames: ReadonlySet<string>, where: string): TemplateNode[] {
  // A brace pair that is not a well-formed tag is a typo that would otherwise reach the judge verbatim.
  const stray = /\{\{|\}\}/.exec(text.replace(TAG, (tag) => ' '.repeat(tag.length)));
  if (stray) throw new Error(`${where}:${lineOf(text, stray.index)}: malformed placeholder near "${text.slice(stray.index, stray.index + 20)}"`);
  const root: TemplateNode[] = [];
  const stack: { name: string; line: number; children: TemplateNode[] }[] = [];
  let current = root;
  let last = 0;
  for (const match of text.matchAll(TAG)) {
    const [whole, sigil = '', name = ''] = match;
    const line = lineOf(text, match.index);
    let at = match.index;
    let end = at + whole.length;
    // As in Mustache, a section tag alone on its line takes the line with it, so templates can put tags on their
    // own lines without leaving blank lines behind.
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const lineEnd = text.indexOf('\n', end);
    if (sigil !== '' && text.slice(lineStart, at).trim() === '' && text.slice(end, lineEnd === -1 ? undefined : lineEnd).trim() === '') {
      at = Math.max(lineStart, last);
      end = lineEnd === -1 ? text.length : lineEnd + 1;
    }
    if (at > last) current.push({ kind: 'text', text: text.slice(last, at) });
    last = end;
    if (!knownNames.has(name)) {
      throw new Error(`${where}:${line}: unknown placeholder "${name}" (known: ${[...knownNames].join(', ')})`);
    }
    if (sigil === '') {
      current.push({ kind: 'value', name });
    } else if (sigil === '/') {
      const open = stack.pop();
      if (!open || open.name !== name) {
        throw new Error(`${where}:${line}: {{/${name}}} closes ${open ? `{{#${open.name}}} opened on line ${open.line}` : 'nothing'}`);
      }
      current = stack.length > 0 ? stack[stack.length - 1]!.children : root;
    } else {
      const section: TemplateNode = { kind: 'section', name, inverted: sigil === '^', children: [] };
      current.push(section);
      stack.push({ name, line, children: section.children });
      current = section.children;
    }
  }
  const unclosed = stack.pop();
  if (unclosed) throw new Error(`${where}:${unclosed.line}: section "${unclosed.name}" is never closed`);
  const tail = text.slice(last);
  if (tail) current.push({ kind: 'text', text: tail });
  return root;
}

export function renderTemplateSyntax(nodes: readonly TemplateNode[], values: Readonly<Record<string, string>>): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'value') out += values[node.name] ?? '';
    else if ((values[node.name] ?? '').trim() !== '' !== node.inverted) out += renderTemplateSyntax(node.children, values);
  }
  return out;
}

/** How many times `{{name}}` is inserted anywhere in the tree (sections included). */
export function countValueUses(nodes: readonly TemplateNode[], name: string): number {
  return nodes.reduce(
    (n, node) => n + (node.kind === 'value' ? (node.name === name ? 1 : 0) : node.kind === 'section' ? countValueUses(node.children, name) : 0),
    0,
  );
}

import JSON5 from 'json5';

export type JsonVia = 'json' | 'json-fenced' | 'json-embedded';
export type JsonObject = Record<string, unknown>;

/**
 * Strict JSON first, then JSON5 (single quotes, trailing commas, unquoted keys), which judges produce now and then.
 * Returns undefined when neither accepts the text.
 */
export function parseJsonLenient(text: string): { value: unknown } | undefined {
  for (const parse of [JSON.parse, JSON5.parse]) {
    try {
      return { value: parse(text) as unknown };
    } catch {
      // try the next parser
    }
  }
  return undefined;
}

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/**
 * Every top-level `{…}` span, with quoted strings inside an object skipped so that their braces do not count.
 * Quotes in the prose between objects are ignored: a stray one must not swallow the object that follows.
 */
export function balancedObjectSpans(text: string): string[] {
  const spans: string[] = [];
  let depth = 0;
  let start = -1;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if ((c === '"' || c === "'") && depth > 0) {
      quote = c;
    } else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && depth > 0 && --depth === 0) {
      spans.push(text.slice(start, i + 1));
    }
  }
  return spans;
}

function objectsOf(texts: readonly string[], accept: (o: JsonObject) => boolean): JsonObject[] {
  return texts.flatMap((t) => {
    const o = asObject(parseJsonLenient(t.trim())?.value);
    return o && accept(o) ? [o] : [];
  });
}

/**
 * Finds the JSON object(s) a judge answered with, in order of trust: the whole output; else ```json fenced
 * blocks; else `{…}` spans embedded in prose. Whole-output JSON is returned even when `accept` rejects it, so that
 * a judge that answered in JSON is held to that JSON and not re-read by looser patterns.
 */
export function findJsonObjects(text: string, accept: (o: JsonObject) => boolean): { via: JsonVia; objects: JsonObject[] } | undefined {
  const whole = asObject(parseJsonLenient(text.trim())?.value);
  if (whole) return { via: 'json', objects: [whole] };
  const fenced = objectsOf([...text.matchAll(/```[a-zA-Z0-9]*[ \t]*\r?\n([\s\S]*?)```/g)].map((m) => m[1]!), accept);
  if (fenced.length > 0) return { via: 'json-fenced', objects: fenced };
  const embedded = objectsOf(balancedObjectSpans(text), accept);
  if (embedded.length > 0) return { via: 'json-embedded', objects: embedded };
  return undefined;
}

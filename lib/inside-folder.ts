import path from 'node:path';

/**
 * `base` joined with relative parts, refused when the result would leave `base` (an absolute part, `..`, a
 * separator smuggled into a name): names from ids and stored documents never pick where a file lands.
 */
export function pathInside(base: string, ...parts: string[]): string {
  const root = path.resolve(base);
  const target = path.resolve(root, ...parts);
  const rel = path.relative(root, target);
  if (parts.some((p) => path.isAbsolute(p)) || rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new Error(`refusing to write ${JSON.stringify(parts.join('/'))}: it would leave ${root}`);
  }
  return target;
}

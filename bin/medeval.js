#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm run build`) while it is newer than every source file; otherwise the
// TypeScript sources through tsx, so an edit is never run stale and no build is needed to try one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function compiledIsFresh() {
  let stamp;
  try {
    stamp = { ...JSON.parse(readFileSync(path.join(root, 'dist/BUILD.json'), 'utf8')), mtimeMs: statSync(path.join(root, 'dist/BUILD.json')).mtimeMs };
  } catch {
    return false;
  }
  for (const dir of stamp.dirs) {
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && statSync(path.join(entry.parentPath, entry.name)).mtimeMs > stamp.mtimeMs) return false;
    }
  }
  return true;
}

if (process.env.MEDEVAL_FROM_SOURCE !== '1' && compiledIsFresh()) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}

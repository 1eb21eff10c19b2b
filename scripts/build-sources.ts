import { readdirSync } from 'node:fs';
import path from 'node:path';

/** The folders whose code the CLI and the workers run; tests and scripts run from source. */
export const PRODUCT_DIRS = ['activities', 'campaign', 'cli', 'codec', 'config', 'dataset', 'lib', 'local-services', 'providers', 'ratelimit', 'review', 'scoring', 'simulator', 'store', 'workers', 'workflows'];

/** Every product TypeScript file (declaration files aside), as absolute paths. */
export function productSources(root: string): string[] {
  return PRODUCT_DIRS.flatMap((dir) =>
    readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
      .map((e) => path.join(e.parentPath, e.name)),
  );
}

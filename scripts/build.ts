/**
 * Compiles the product's TypeScript to `dist/` (one JavaScript file per source file, same layout, so relative
 * imports and PROJECT_ROOT-relative data such as `scoring/templates/` keep working) and prebuilds the workflow
 * bundle. `bin/medeval.js` runs `dist/` while it is newer than every source file, else the sources through tsx:
 * a CLI that answers `--help` without transpiling at start, and a worker that polls without bundling.
 *
 *   npm run build
 */
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../config/settings.js';
import { PRODUCT_DIRS, productSources } from './build-sources.js';
import { prebuildWorkflowBundles } from '../workers/workflow-bundle.js';

const started = Date.now();
const outdir = path.join(PROJECT_ROOT, 'dist');
rmSync(outdir, { recursive: true, force: true });
const entryPoints = productSources(PROJECT_ROOT);
await build({ entryPoints, outdir, outbase: PROJECT_ROOT, format: 'esm', platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning' });
// data the code finds next to itself
cpSync(path.join(PROJECT_ROOT, 'scoring/templates'), path.join(outdir, 'scoring/templates'), { recursive: true });
cpSync(path.join(PROJECT_ROOT, 'review/static'), path.join(outdir, 'review/static'), { recursive: true });
// the stamp's time is what bin/medeval.js compares the sources against
writeFileSync(path.join(outdir, 'BUILD.json'), `${JSON.stringify({ builtAt: new Date().toISOString(), files: entryPoints.length, dirs: PRODUCT_DIRS })}\n`);
const bundles = await prebuildWorkflowBundles();
console.log(`built ${entryPoints.length} files into dist/ and the workflow bundles ${bundles.map((b) => path.relative(PROJECT_ROOT, b.codePath)).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

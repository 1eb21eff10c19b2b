import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundlePath } from '@temporalio/worker';
import { PROJECT_ROOT } from '../config/settings.js';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { sha256Hex } from '../lib/content-hash.js';
import { FAILURE_CONVERTER_PATH } from '../codec/payload-codec.js';

/** The workflow sources: the worker bundles this file and everything it imports. */
export const WORKFLOWS_PATH = path.join(PROJECT_ROOT, 'workflows/index.ts');
const BUNDLE_DIR = path.join(PROJECT_ROOT, '.cache/workflow-bundle');

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]/g;

/** Every project file the workflows import, followed from workflows/index.ts (type-only imports included, harmlessly). */
export function workflowSources(entry = WORKFLOWS_PATH): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) visit(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  };
  visit(entry);
  return [...seen].sort();
}

/**
 * A hash of the workflow sources (and the failure converter bundled with them, if any) and the locked package
 * versions: a bundle is reused exactly while it matches.
 */
export function workflowSourceHash(failureConverterPath?: string): string {
  const files = [...workflowSources(), ...(failureConverterPath ? [failureConverterPath] : [])];
  const parts = files.map((f) => `${path.relative(PROJECT_ROOT, f)}\n${readFileSync(f, 'utf8')}`);
  const lock = path.join(PROJECT_ROOT, 'package-lock.json');
  if (existsSync(lock)) parts.push(readFileSync(lock, 'utf8'));
  return sha256Hex(parts.join('\n\0\n')).slice(0, 16);
}

/**
 * The prebuilt workflow bundle for the current sources, built (once) when none matches them. Bundling takes
 * seconds on a small machine, which used to be most of a worker's start-up and so of a resume after a crash;
 * `npm run build` builds it ahead (both kinds: `prebuildWorkflowBundles`), and any worker rebuilds it after the
 * workflow files change. With the payload codec on, workers take the bundle with its failure converter.
 */
export async function workflowBundle(failureConverterPath?: string): Promise<WorkflowBundlePath> {
  const file = path.join(BUNDLE_DIR, `workflows-${workflowSourceHash(failureConverterPath)}.js`);
  if (!existsSync(file)) {
    const { code } = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      ...(failureConverterPath ? { failureConverterPath } : {}),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
    await writeFileAtomically(file, code);
  }
  return { codePath: file };
}

/** Both bundles a worker may take: plain, and with the codec's failure converter; for `npm run build` and the image. */
export async function prebuildWorkflowBundles(): Promise<WorkflowBundlePath[]> {
  return [await workflowBundle(), await workflowBundle(FAILURE_CONVERTER_PATH)];
}

/**
 * The bench's side of `memory-probe.mjs`: the environment that preloads it into a `medeval worker` child, and
 * reading the lines it writes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface MemoryLine {
  /** ms since the epoch */
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** a worker thread's line (its id): heapUsed and heapTotal are that thread's V8 heap */
  thread?: number;
  /** set on the line written once the snapshots numbered so are written: their files */
  snapshot?: { n: number; files: string[] };
}

const PROBE = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));

/** NODE_OPTIONS (kept, with the probe added) and the probe's files for a child process. */
export function memoryProbeEnv(memoryFile: string, snapshotDir?: string): Record<string, string> {
  return {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PROBE}`.trim(),
    MEDEVAL_BENCH_MEMORY_FILE: memoryFile,
    ...(snapshotDir ? { MEDEVAL_BENCH_SNAPSHOT_DIR: snapshotDir } : {}),
  };
}

export function readMemoryLines(memoryFile: string): MemoryLine[] {
  if (!existsSync(memoryFile)) return [];
  return readFileSync(memoryFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as MemoryLine);
}

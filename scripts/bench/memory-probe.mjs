/**
 * Preloaded into a benchmarked `medeval worker` (`memoryProbeEnv`, NODE_OPTIONS --import), never part of the product;
 * plain JavaScript, as it loads before the worker's TypeScript loader. Appends the process's memory split
 * (`MemoryLine` in memory-file.ts) to MEDEVAL_BENCH_MEMORY_FILE once a second — RSS against V8's heaps (the main
 * thread's, and each worker thread's on lines of its own), external and array buffers, so the V8 heaps can be told
 * from native memory — and when the file `request` appears in
 * MEDEVAL_BENCH_SNAPSHOT_DIR, writes heap snapshots of the main thread and of every worker thread (the Temporal SDK
 * runs workflows in a thread with its own V8 heap) there, removes the request and appends a line with `snapshot`
 * saying it is done. A file, not a signal: the SDK shuts the worker down on SIGUSR2.
 */
import { appendFileSync, createWriteStream, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { writeHeapSnapshot } from 'node:v8';
import workerThreads from 'node:worker_threads';

const file = process.env.MEDEVAL_BENCH_MEMORY_FILE;
const dir = process.env.MEDEVAL_BENCH_SNAPSHOT_DIR;

// in a thread (NODE_OPTIONS reaches them too) heapUsed and heapTotal are the thread's own V8 heap
// a probe must never take the worker down: once its file is gone (the bench stopped and removed its dir) it stays quiet
let broken = false;
const line = (extra = {}) => {
  if (broken) return;
  try {
    appendFileSync(file, `${JSON.stringify({ at: Date.now(), ...process.memoryUsage(), ...extra })}\n`);
  } catch {
    broken = true;
  }
};
if (file && !workerThreads.isMainThread) setInterval(() => line({ thread: workerThreads.threadId }), 1_000).unref();

if (file && workerThreads.isMainThread) {
  // the SDK creates its workflow threads through this module's export at run time, so a subclass sees each of them
  const threads = new Set();
  workerThreads.Worker = class TrackedWorker extends workerThreads.Worker {
    constructor(...args) {
      super(...args);
      threads.add(this);
      this.once('exit', () => threads.delete(this));
    }
  };

  let n = 0;
  let writing = false;
  const snapshot = async () => {
    n += 1;
    const files = [writeHeapSnapshot(path.join(dir, `main-${n}.heapsnapshot`))];
    let i = 0;
    for (const t of threads) {
      const target = path.join(dir, `thread${(i += 1)}-${n}.heapsnapshot`);
      await pipeline(await t.getHeapSnapshot(), createWriteStream(target));
      files.push(target);
    }
    rmSync(path.join(dir, 'request'));
    line({ snapshot: { n, files } });
  };
  setInterval(() => {
    line();
    if (dir && !writing && existsSync(path.join(dir, 'request'))) {
      writing = true;
      void snapshot().finally(() => (writing = false));
    }
  }, 1_000).unref();
  line();
}

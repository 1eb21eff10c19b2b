import { hostname } from 'node:os';
import { Runtime, type Worker } from '@temporalio/worker';
import type { Db } from 'mongodb';
import type { CallMetrics } from '../activities/as-activity.js';
import { createActivities } from '../activities/index.js';
import { activeProfiles } from '../campaign/active-campaigns.js';
import { ORCHESTRATION_QUEUE, providerQueue } from '../campaign/keys.js';
import { queueRateSetter } from '../campaign/queue-rate.js';
import { queueSlots } from '../campaign/queue-slots.js';
import { RateGates } from '../campaign/rate-gates.js';
import { connectClient } from '../campaign/temporal.js';
import type { RateLimits } from '../config/common-schemas.js';
import { loadSettings, type Settings } from '../config/settings.js';
import { connectWorker } from './connection.js';
import { createWorker } from './worker.js';

export interface WorkerSetOptions {
  settings: Pick<Settings, 'temporalAddress' | 'temporalNamespace'>;
  db: Db;
  /** provider profiles to serve from the start (e.g. a profiles file's), with their limits */
  profiles?: ReadonlyMap<string, RateLimits>;
  /** only these queues (names as `medeval` or profile names); all when empty; no discovery then */
  only?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** how often to look for campaigns whose profiles no worker here serves yet; 0: never */
  discoverEveryMs?: number;
  /** counts paid calls (the worker's metrics endpoint) */
  metrics?: CallMetrics;
}

export interface WorkerSet {
  queues(): string[];
  run(): Promise<void>;
  shutdown(): void;
  close(): Promise<void>;
}

const DEFAULT_DISCOVERY_MS = 3_000;

/**
 * The orchestration worker (workflows and bookkeeping activities) and one worker per provider profile queue, in
 * one process sharing one set of activities. Any number of such processes, on any machines, share each profile's
 * one budget: the queue's rate is set on the Temporal server and leases live in the store
 * (`campaign/rate-gates.ts`). A campaign started later whose profiles this process does not serve yet is found in
 * the store and its queues served without a restart.
 */
export async function startWorkers(options: WorkerSetOptions): Promise<WorkerSet> {
  const connection = await connectWorker(options.settings);
  // scheduled campaigns start through the service layer: one client, connected when a schedule first fires
  let client: ReturnType<typeof connectClient> | undefined;
  const temporal = async () => ({
    client: await (client ??= connectClient(options.settings, options.env).catch((err: unknown) => {
      // the next fire tries again
      client = undefined;
      throw err;
    })),
    settings: { temporalNamespace: options.settings.temporalNamespace, temporalUiUrl: loadSettings(options.env).temporalUiUrl },
  });
  const namespace = options.settings.temporalNamespace;
  const setRate = queueRateSetter(connection.workflowService, namespace, `medeval-worker@${hostname()}:${process.pid}`);
  const warned = new Set<string>();
  const gates = new RateGates(options.db, (profile, perSecond) =>
    setRate(profile, perSecond).catch((err: unknown) => {
      // e.g. a server without the task-queue config API (before 1.28): requests per minute are then not limited
      if (!warned.has(profile)) Runtime.instance().logger.warn(`cannot set the server-side rate of ${providerQueue(profile)}: ${err instanceof Error ? err.message : String(err)}`);
      warned.add(profile);
      throw err;
    }),
  );
  const activities = createActivities({ db: options.db, env: options.env, temporal, gates, ...(options.metrics ? { metrics: options.metrics } : {}) });
  const wanted = (name: string) => !options.only?.length || options.only.includes(name);
  const workers = new Map<string, Worker>();
  const running: Promise<void>[] = [];
  let started = false;
  let stopping = false;

  const add = async (queue: string, worker: Promise<Worker>) => {
    const w = await worker;
    workers.set(queue, w);
    if (started) running.push(w.run());
  };
  // one creation per queue, even when a profile is named by the file and by an active campaign at once
  const creating = new Map<string, Promise<void>>();
  const serve = (profile: string, limits: RateLimits | undefined): Promise<void> => {
    const queue = providerQueue(profile);
    const pending = creating.get(queue);
    if (pending || !wanted(profile) || stopping) return pending ?? Promise.resolve();
    // the queue's server-side rate is set before this worker polls it: no dispatch escapes the budget
    const created = gates
      .reconcile(profile)
      .then(() => add(queue, createWorker({ connection, namespace, taskQueue: queue, activities, env: options.env, withWorkflows: false, options: { maxConcurrentActivityTaskExecutions: queueSlots(limits) } })));
    creating.set(queue, created);
    return created;
  };
  const serveActive = async () => {
    await Promise.all([...(await activeProfiles(options.db))].map(([name, limits]) => serve(name, limits)));
  };

  // created side by side: each worker takes a moment to start, and a resume after a crash waits for all of them
  await Promise.all([
    wanted(ORCHESTRATION_QUEUE) ? add(ORCHESTRATION_QUEUE, createWorker({ connection, namespace, activities, env: options.env })) : undefined,
    ...[...(options.profiles ?? [])].map(([name, limits]) => serve(name, limits)),
    serveActive(),
  ]);

  const every = options.only?.length ? 0 : (options.discoverEveryMs ?? DEFAULT_DISCOVERY_MS);
  let discovery: NodeJS.Timeout | undefined;
  const discover = async () => {
    try {
      await serveActive();
    } catch {
      // the store may be restarting; the next round tries again
    }
    if (!stopping && every > 0) discovery = setTimeout(() => void discover(), every);
  };

  return {
    queues: () => [...workers.keys()],
    run: async () => {
      started = true;
      running.push(...[...workers.values()].map((w) => w.run()));
      if (every > 0) discovery = setTimeout(() => void discover(), every);
      // workers added while running push their run promises too; wait until none is left running
      for (let seen = 0; seen < running.length; seen = running.length) await Promise.all(running);
    },
    shutdown: () => {
      stopping = true;
      clearTimeout(discovery);
      for (const w of workers.values()) if (w.getState() === 'RUNNING') w.shutdown();
    },
    close: async () => {
      await gates.close();
      await connection.close();
      if (client) await (await client.catch(() => undefined))?.connection.close();
    },
  };
}

import type { Worker } from '@temporalio/worker';
import type { Db } from 'mongodb';
import { createActivities } from '../activities/index.js';
import type { Settings } from '../config/settings.js';
import { DEFAULT_MAX_CONCURRENCY } from '../ratelimit/rate-gate.js';
import { campaignCollections } from '../store/campaign-docs.js';
import { ORCHESTRATION_QUEUE, providerQueue } from '../workflows/keys.js';
import { connectWorker } from './connection.js';
import { createWorker } from './worker.js';

export interface WorkerSetOptions {
  settings: Pick<Settings, 'temporalAddress' | 'temporalNamespace'>;
  db: Db;
  /** provider profiles whose queues to poll, with their max concurrency */
  profiles: Record<string, { maxConcurrency?: number }>;
  /** only these queues (names as `medeval` or profile names); all when empty */
  only?: readonly string[];
  env?: NodeJS.ProcessEnv;
  reportsDir?: string;
}

/** Profiles referenced by campaigns in the store, so a worker serves every campaign that may still run. */
export async function storedProfiles(db: Db): Promise<Record<string, { maxConcurrency?: number }>> {
  const profiles: Record<string, { maxConcurrency?: number }> = {};
  for await (const c of campaignCollections(db).campaigns.find({}, { projection: { profiles: 1, 'config.rateLimits': 1 } })) {
    for (const [name, p] of Object.entries(c.profiles)) {
      const max = c.config.rateLimits?.[name]?.maxConcurrency ?? p.rateLimits?.maxConcurrency;
      profiles[name] = { ...(max ? { maxConcurrency: max } : {}) };
    }
  }
  return profiles;
}

/**
 * The orchestration worker (workflows and bookkeeping activities) and one worker per provider profile queue, in
 * one process: they share the activities object and so each profile's rate gate.
 */
export async function startWorkers(options: WorkerSetOptions): Promise<{ workers: Worker[]; queues: string[]; run: () => Promise<void>; shutdown: () => void; close: () => Promise<void> }> {
  const connection = await connectWorker(options.settings);
  const activities = createActivities({ db: options.db, env: options.env, reportsDir: options.reportsDir });
  const wanted = (name: string) => !options.only?.length || options.only.includes(name);
  const workers: Worker[] = [];
  const queues: string[] = [];
  if (wanted(ORCHESTRATION_QUEUE)) {
    workers.push(await createWorker({ connection, namespace: options.settings.temporalNamespace, activities }));
    queues.push(ORCHESTRATION_QUEUE);
  }
  for (const [name, profile] of Object.entries(options.profiles)) {
    if (!wanted(name)) continue;
    const queue = providerQueue(name);
    // slots beyond the gate's limit let waiting calls heartbeat while the gate decides; the gate does the limiting
    const slots = Math.min(200, 2 * (profile.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY));
    workers.push(
      await createWorker({
        connection,
        namespace: options.settings.temporalNamespace,
        taskQueue: queue,
        activities,
        withWorkflows: false,
        options: { maxConcurrentActivityTaskExecutions: slots },
      }),
    );
    queues.push(queue);
  }
  return {
    workers,
    queues,
    run: async () => {
      await Promise.all(workers.map((w) => w.run()));
    },
    shutdown: () => workers.forEach((w) => w.shutdown()),
    close: () => connection.close(),
  };
}

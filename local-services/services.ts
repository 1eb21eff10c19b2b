import path from 'node:path';
import { Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import { codecKeysFrom } from '../config/codec-keys.js';
import type { Settings } from '../config/settings.js';
import { ferretdbBinary, temporalBinary } from './binaries.js';
import { runningService, startService, stopService, type ServiceRecord, type ServiceSpec } from './process.js';

export const TEMPORAL = 'temporal';
export const FERRETDB = 'ferretdb';

/**
 * One partition per task queue: a queue's rate limit is split evenly over its partitions, so with the default four
 * a small backlog that sits in some of them leaves the others' share of the budget unused.
 */
export const ONE_PARTITION_PER_QUEUE = ['--dynamic-config-value', 'matching.numTaskqueueReadPartitions=1', '--dynamic-config-value', 'matching.numTaskqueueWritePartitions=1'];

export function temporalSpec(settings: Settings, env: NodeJS.ProcessEnv = process.env): ServiceSpec {
  const { temporal, temporalUi } = settings.ports;
  const address = `127.0.0.1:${temporal}`;
  return {
    name: TEMPORAL,
    bin: temporalBinary(env),
    // A database file keeps workflow history across restarts of the dev server.
    args: [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(temporal),
      '--ui-port', String(temporalUi),
      '--db-filename', path.join(settings.stateDir, 'temporal.db'),
      '--log-level', 'warn',
      // with encrypted payloads the UI asks `medeval codec serve` to decode them
      ...(codecKeysFrom(env) ? ['--ui-codec-endpoint', `http://127.0.0.1:${settings.ports.codec}`] : []),
      ...ONE_PARTITION_PER_QUEUE,
    ],
    ports: [temporal, temporalUi],
    address,
    ready: async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
      } finally {
        await connection.close();
      }
    },
  };
}

export function ferretdbSpec(settings: Settings, env: NodeJS.ProcessEnv = process.env): ServiceSpec {
  const { mongo } = settings.ports;
  const address = `127.0.0.1:${mongo}`;
  return {
    name: FERRETDB,
    bin: ferretdbBinary(env),
    args: ['--listen-addr', address, '--data-dir', path.join(settings.stateDir, 'ferretdb')],
    ports: [mongo],
    address,
    ready: () => pingMongo(`mongodb://${address}/`),
  };
}

export async function pingMongo(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

/** Starts the embedded services that the settings do not point elsewhere; returns what is running. */
export async function devUp(settings: Settings, env: NodeJS.ProcessEnv = process.env): Promise<ServiceRecord[]> {
  const specs: ServiceSpec[] = [];
  if (settings.embeddedTemporal) specs.push(temporalSpec(settings, env));
  if (settings.embeddedMongo) specs.push(ferretdbSpec(settings, env));
  // Started together: FerretDB is ready in a second, Temporal takes a few. All or nothing: when one cannot start,
  // the ones this call started are stopped again, so a failed `dev up` leaves nothing half running.
  const before = new Set(specs.filter((spec) => runningService(settings.stateDir, spec.name)).map((spec) => spec.name));
  const outcomes = await Promise.allSettled(specs.map((spec) => startService(spec, settings.stateDir)));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) {
    for (const spec of specs) if (!before.has(spec.name)) await stopService(settings.stateDir, spec.name);
    throw failed.reason;
  }
  return outcomes.map((o) => (o as PromiseFulfilledResult<ServiceRecord>).value);
}

export async function devDown(settings: Settings): Promise<string[]> {
  const stopped: string[] = [];
  for (const name of [TEMPORAL, FERRETDB]) {
    if (await stopService(settings.stateDir, name)) stopped.push(name);
  }
  return stopped;
}

export function devStatus(settings: Settings): Record<string, ServiceRecord | undefined> {
  return { [TEMPORAL]: runningService(settings.stateDir, TEMPORAL), [FERRETDB]: runningService(settings.stateDir, FERRETDB) };
}

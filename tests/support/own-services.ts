import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSettings, type Settings } from '../../config/settings.js';
import { freePort } from '../../local-services/ports.js';
import { killService, startService } from '../../local-services/process.js';
import { devDown, ferretdbSpec, FERRETDB, temporalSpec, TEMPORAL } from '../../local-services/services.js';
import type { ServerAddresses } from './services.js';

export type ServiceName = typeof TEMPORAL | typeof FERRETDB;

export interface OwnServices {
  settings: Settings;
  servers: ServerAddresses;
  /** SIGKILL, as a crash would */
  kill(name: ServiceName): Promise<void>;
  /** starts it again on the same port and data; resolves once it answers */
  restart(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A Temporal dev server (history in a database file) and a FerretDB (SQLite data) of the test's own, on free ports
 * in a temporary state folder, started the way `medeval dev up` starts them (with `env` over the process's, e.g.
 * the codec's keys and port): tests that kill a server must never touch the run's shared ones.
 */
export async function ownServices(env: Record<string, string> = {}): Promise<OwnServices> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'medeval-own-'));
  // a port is free again once freePort returns, so the OS may hand it out twice
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [temporal, temporalUi, mongo] = [...ports].map(String);
  const settings = loadSettings({ ...env, MEDEVAL_HOME: stateDir, MEDEVAL_TEMPORAL_PORT: temporal, MEDEVAL_TEMPORAL_UI_PORT: temporalUi, MEDEVAL_MONGO_PORT: mongo });
  const specs = { [TEMPORAL]: temporalSpec(settings, { ...process.env, ...env }), [FERRETDB]: ferretdbSpec(settings) };
  const stop = async () => {
    await devDown(settings);
    rmSync(stateDir, { recursive: true, force: true });
  };
  const started = await Promise.allSettled(Object.values(specs).map((spec) => startService(spec, stateDir)));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return {
    settings,
    servers: { temporalAddress: settings.temporalAddress, mongoUri: settings.mongoUri },
    kill: (name) => killService(stateDir, name),
    // right after a kill the port may be held for a while by the dead server's sockets (longer on a loaded machine)
    restart: async (name) => {
      await startService(specs[name], stateDir, { portGraceMs: 60_000 });
    },
    stop,
  };
}

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPortFree } from './ports.js';

/** A long-running server the project starts itself, identified by the pid file it leaves in the state folder. */
export interface ServiceSpec {
  name: string;
  bin: string;
  args: string[];
  /** every port the server will bind, checked before start so a taken port fails clearly */
  ports: number[];
  address: string;
  /** resolves once the server answers its own protocol */
  ready: () => Promise<void>;
}

export interface ServiceRecord {
  name: string;
  pid: number;
  bin: string;
  args: string[];
  address: string;
  log: string;
  startedAt: string;
}

const pidFile = (stateDir: string, name: string) => path.join(stateDir, 'run', `${name}.json`);

function readRecord(stateDir: string, name: string): ServiceRecord | undefined {
  const file = pidFile(stateDir, name);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ServiceRecord;
}

/** True when pid is alive and still runs our binary (a recycled pid of another program is not ours to kill). */
function isOurs(record: ServiceRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split('\0').includes(record.bin);
  } catch {
    return true;
  }
}

/** The live record of a service this project started, or undefined (a stale pid file is removed). */
export function runningService(stateDir: string, name: string): ServiceRecord | undefined {
  const record = readRecord(stateDir, name);
  if (!record) return undefined;
  if (isOurs(record)) return record;
  rmSync(pidFile(stateDir, name), { force: true });
  return undefined;
}

function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export interface StartOptions {
  /** how long the server may take to answer */
  timeoutMs?: number;
  /** how long a taken port may take to become free: a just-killed server's sockets hold it for a moment */
  portGraceMs?: number;
}

export async function startService(spec: ServiceSpec, stateDir: string, options: StartOptions = {}): Promise<ServiceRecord> {
  const { timeoutMs = 90_000, portGraceMs = 5_000 } = options;
  const existing = runningService(stateDir, spec.name);
  if (existing) return existing;
  const portDeadline = Date.now() + portGraceMs;
  for (const port of spec.ports) {
    while (!(await isPortFree(port))) {
      if (Date.now() > portDeadline) {
        throw new Error(`${spec.name}: port ${port} is already in use; free it or choose another port (see README, configuration)`);
      }
      await sleep(100);
    }
  }
  mkdirSync(path.join(stateDir, 'run'), { recursive: true });
  mkdirSync(path.join(stateDir, 'logs'), { recursive: true });
  const log = path.join(stateDir, 'logs', `${spec.name}.log`);
  const fd = openSync(log, 'a');
  // Detached in its own process group so that the server outlives `medeval dev up` and is stopped only by pid.
  const child = spawn(spec.bin, spec.args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  child.unref();
  if (child.pid === undefined) throw new Error(`${spec.name}: could not start ${spec.bin}`);
  const record: ServiceRecord = {
    name: spec.name,
    pid: child.pid,
    bin: spec.bin,
    args: spec.args,
    address: spec.address,
    log,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(pidFile(stateDir, spec.name), JSON.stringify(record, null, 2));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) {
      rmSync(pidFile(stateDir, spec.name), { force: true });
      throw new Error(`${spec.name} exited with code ${exited} during start-up; last lines of ${log}:\n${logTail(log)}`);
    }
    try {
      await spec.ready();
      return record;
    } catch (err) {
      if (Date.now() > deadline) {
        await stopService(stateDir, spec.name);
        throw new Error(`${spec.name} did not answer within ${timeoutMs} ms (${String(err)}); see ${log}`, { cause: err });
      }
    }
    await sleep(250);
  }
}

/** Stops exactly the process recorded in the pid file: SIGTERM, then SIGKILL after a grace period. */
export async function stopService(stateDir: string, name: string, graceMs = 15_000): Promise<boolean> {
  const record = runningService(stateDir, name);
  if (!record) return false;
  process.kill(record.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isOurs(record) && Date.now() < deadline) await sleep(100);
  if (isOurs(record)) process.kill(record.pid, 'SIGKILL');
  while (isOurs(record)) await sleep(50);
  rmSync(pidFile(stateDir, name), { force: true });
  return true;
}

/** Kills the service without a chance to clean up, as a crash would (used by resilience tests). */
export async function killService(stateDir: string, name: string): Promise<void> {
  const record = runningService(stateDir, name);
  if (!record) throw new Error(`${name} is not running`);
  process.kill(record.pid, 'SIGKILL');
  while (isOurs(record)) await sleep(50);
  rmSync(pidFile(stateDir, name), { force: true });
}

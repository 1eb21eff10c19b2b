import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT, type Settings } from '../../config/settings.js';
import { SIMULATOR_ENV } from './campaign-harness.js';

const READY_LINE = 'worker polling';

export interface WorkerProcess {
  /** SIGKILL: the worker dies mid-call with no chance to finish, report or store anything */
  kill(): Promise<void>;
  /** SIGTERM: the worker finishes running calls and exits */
  stop(): Promise<void>;
  /** everything it printed so far, both streams */
  output(): string;
}

/**
 * `medeval worker` as its own process, the way it runs in production, polling the simulated profiles' queues;
 * resolves once it prints that it polls. MEDEVAL_DB must be the test's database.
 */
export async function startWorkerProcess(
  settings: Pick<Settings, 'temporalAddress' | 'mongoUri' | 'mongoDb'>,
  profilesFile: string,
  readyTimeoutMs = 60_000,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/medeval.js'), 'worker', '--profiles', profilesFile, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: settings.temporalAddress, MONGODB_URI: settings.mongoUri, MEDEVAL_DB: settings.mongoDb, ...SIMULATOR_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // read to the end, so a full pipe never blocks the worker; shown if it fails to start
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // not left running behind a failed test
      child.kill('SIGKILL');
      reject(new Error(`worker did not start within ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code ?? signal}) before polling:\n${output}`));
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM'), output: () => output };
}

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { PROJECT_ROOT } from '../../config/settings.js';
import { SIMULATOR_ENV, type CampaignHarness } from './campaign-harness.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment that points a spawned `medeval` at the harness's servers and database, in its own home. */
export function harnessEnv(h: CampaignHarness, home: string): Record<string, string> {
  return { TEMPORAL_ADDRESS: h.store.settings.temporalAddress, MONGODB_URI: h.store.settings.mongoUri, MEDEVAL_DB: h.store.settings.mongoDb, MEDEVAL_HOME: home, ...SIMULATOR_ENV };
}

/** `medeval ARGS` as a user runs it: its own process, its exit code and both streams. */
export function runMedeval(args: string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/medeval.js'), ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * A test file's scratch folder (removed after its tests) and `medeval ARGS` run in its own home there against the
 * harness, which is read when the command runs (the harness starts in a `beforeAll`). `env` adds to what it sets.
 */
export function scratchCli(harness: () => CampaignHarness, name: string): { scratch: string; cli: (args: string[], env?: Record<string, string>) => Promise<CliRun> } {
  const scratch = mkdtempSync(path.join(os.tmpdir(), `medeval-${name}-`));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  return { scratch, cli: (args, env = {}) => runMedeval(args, { ...harnessEnv(harness(), path.join(scratch, 'home')), ...env }) };
}

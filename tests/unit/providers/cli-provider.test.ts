import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatProfileTable } from '../../../cli/commands/provider.js';
import { apiKeyEnvOf } from '../../../providers/kinds/index.js';
import { useSimulator } from './fixtures.js';

const run = promisify(execFile);
const ROOT = new URL('../../../', import.meta.url).pathname;
const GOOD = 'cli-test-good-key';
const WRONG = 'cli-DISTINCTIVE-wrong-key-31d7c0';

async function medeval(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/medeval.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

// each spawn starts tsx: seconds, not milliseconds, on a busy machine
describe('medeval provider (spawned CLI against a fake server)', { timeout: 60_000 }, () => {
  const fake = useSimulator({ validKeys: [GOOD] });
  let profiles: string;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medeval-cli-'));
    await writeFile(join(dir, 'answers.jsonl'), '{"questionId":"MK-1-1","answer":"a"}\n{"questionId":"MK-1-2","answer":"b"}\n');
    profiles = join(dir, 'providers.yaml');
    await writeFile(
      profiles,
      [
        'profiles:',
        '  sim:',
        '    kind: simulated',
        `    baseUrl: ${fake().openaiBaseUrl}`,
        '    model: sim-a',
        '    apiKeyEnv: MEDEVAL_TEST_SIM_KEY',
        '  claude-like:',
        '    kind: anthropic',
        `    baseUrl: ${fake().url}`,
        '    model: claude-test',
        '    apiKeyEnv: MEDEVAL_TEST_SIM_KEY',
        '  old-run:',
        '    kind: replay',
        '    model: old-model',
        '    replayFiles: [answers.jsonl]',
      ].join('\n'),
    );
  });

  it('check succeeds and prints model, latency and token usage', async () => {
    const out = await medeval(['provider', 'check', 'sim', '--profiles', profiles], { MEDEVAL_TEST_SIM_KEY: GOOD });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('ok: profile sim (simulated) answered with SIMULATED text');
    expect(out.stdout).toMatch(/model: +sim-a\n/);
    expect(out.stdout).toMatch(/latency: +\d+ ms\n/);
    expect(out.stdout).toMatch(/tokens: +\d+ in, \d+ out\n/);
    expect(fake().calls()).toMatchObject({ total: 1, byOutcome: { ok: 1 } });
  });

  it('check with a wrong key fails with exit 1, the kind and message, and no trace of the key', async () => {
    const out = await medeval(['provider', 'check', 'claude-like', '--profiles', profiles], { MEDEVAL_TEST_SIM_KEY: WRONG });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/check claude-like failed: auth \(HTTP 401\): Incorrect API key provided: \[REDACTED\]/);
    expect(out.stdout + out.stderr).not.toContain(WRONG);
    expect(fake().calls().byOutcome).toEqual({ unauthorized: 1 });
  });

  it('list shows each profile and whether its key variable is set, never the key; check on replay counts answers', async () => {
    const [list, replay] = await Promise.all([
      medeval(['provider', 'list', '--profiles', profiles], { MEDEVAL_TEST_SIM_KEY: WRONG }),
      medeval(['provider', 'check', 'old-run'], { MEDEVAL_PROFILES: profiles }),
    ]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^sim +simulated +sim-a +http:\/\/127\.0\.0\.1:\d+\/v1 +MEDEVAL_TEST_SIM_KEY +set$/m);
    expect(list.stdout).not.toContain(WRONG);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('ok: profile old-run (replay) has 2 stored answers');
  });
});

describe('simulator/cli.ts', { timeout: 60_000 }, () => {
  it('runs the fake server standalone and prints its URL', async () => {
    const child = spawn('node', ['--import', 'tsx', 'simulator/cli.ts', '--port', '0', '--keys', GOOD], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [url] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${url}/_calls`)).json()).toEqual({ total: 0, byKey: {}, byModel: {}, byOutcome: {} });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});

describe('formatProfileTable', () => {
  it('aligns columns and reports an unset key variable', () => {
    const table = formatProfileTable(
      [
        { name: 'gpt', kind: 'openai', model: 'gpt-4o' },
        { name: 'local', kind: 'openai-compatible', model: 'qwen', baseUrl: 'http://127.0.0.1:8000/v1' },
      ],
      {},
      apiKeyEnvOf,
    );
    expect(table.split('\n')).toEqual([
      'NAME   KIND               MODEL   BASE URL                  KEY ENV         KEY',
      'gpt    openai             gpt-4o  (default)                 OPENAI_API_KEY  NOT SET',
      'local  openai-compatible  qwen    http://127.0.0.1:8000/v1  -               -',
    ]);
  });
});

import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../config/settings.js';
import { temporalBinary } from '../../local-services/binaries.js';
import { freePort } from '../../local-services/ports.js';
import type { CampaignHarness } from '../support/campaign-harness.js';
import { CODEC_ENV, PROBE_DATASET, runProbeCampaign, type Execution } from '../support/codec-campaign.js';

const run = promisify(execFile);
const DATASET = PROBE_DATASET;
const TOKEN = randomBytes(24).toString('base64url');
// empty values count as unset: the control stays plain even when the developer's shell has a key
const PLAIN_ENV = { MEDEVAL_CODEC_KEY: '', MEDEVAL_CODEC_KEY_ID: '', MEDEVAL_CODEC_OLD_KEYS: '' };

const harnesses: CampaignHarness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.close();
});

async function runCampaign(env: Record<string, string>, campaignId: string) {
  const run = await runProbeCampaign(env, campaignId);
  harnesses.push(run.h);
  return run;
}

/** `temporal workflow show --output json` for one run, as an operator would type it. */
async function show(h: CampaignHarness, e: Execution, extra: string[] = []): Promise<unknown> {
  const { stdout } = await run(temporalBinary(), ['workflow', 'show', '--address', h.store.settings.temporalAddress, '--namespace', 'default', '-w', e.workflowId, '-r', e.runId, '--output', 'json', ...extra], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

/** Every text in a history but its search attributes, base64 strings decoded too (payload data and metadata). */
function textsOutsideSearchAttributes(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') {
    out.push(node);
    if (node.length >= 8 && /^[A-Za-z0-9+/]+={0,2}$/.test(node)) out.push(Buffer.from(node, 'base64').toString('utf8'));
  } else if (Array.isArray(node)) {
    for (const item of node) textsOutsideSearchAttributes(item, out);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) if (key !== 'searchAttributes') textsOutsideSearchAttributes(value, out);
  }
  return out;
}

const holding = (texts: string[], plain: string) => texts.filter((t) => t.includes(plain));

let encrypted: Awaited<ReturnType<typeof runProbeCampaign>>;

describe('encrypted payloads (MEDEVAL_CODEC_KEY)', () => {
  it('with the codec on, no history text outside search attributes holds the dataset name or a question id; search attributes hold ids only', async () => {
    encrypted = await runCampaign(CODEC_ENV, `codec-on-${randomBytes(3).toString('hex')}`);
    const { h, executions, questionId, failureMessage } = encrypted;
    let events = 0;
    for (const e of executions) {
      const history = (await show(h, e)) as { events: unknown[] };
      events += history.events.length;
      const texts = textsOutsideSearchAttributes(history);
      expect(holding(texts, DATASET), `${e.workflowId}: dataset name in plaintext`).toEqual([]);
      expect(holding(texts, questionId), `${e.workflowId}: question id in plaintext`).toEqual([]);
      expect(holding(texts, failureMessage), `${e.workflowId}: a failure message in plaintext`).toEqual([]);
      expect(texts.some((t) => t === 'binary/encrypted')).toBe(true);
    }
    expect(events).toBeGreaterThan(20);

    // search attributes stay plain: the campaign, dataset and model names, a status and a number, never question text
    const problems = (await h.db.collection('questions').find({ datasetId: `${DATASET}@1` }).toArray()).map((q) => String(q.problem));
    expect(problems.length).toBe(14);
    for (const e of executions) {
      const attrs = (await h.client.workflow.getHandle(e.workflowId, e.runId).describe()).searchAttributes;
      const custom = Object.fromEntries(Object.entries(attrs).filter(([k]) => k.startsWith('Medeval')));
      expect(Object.keys(custom).sort()).toEqual(e.workflowId === executions.find((x) => !x.workflowId.includes('/'))?.workflowId ? ['MedevalCampaignId', 'MedevalDataset', 'MedevalProgress', 'MedevalStatus'] : expect.any(Array));
      expect(custom.MedevalCampaignId).toEqual([executions[0]!.workflowId.split('/')[0]]);
      expect(custom.MedevalDataset).toEqual([`${DATASET}@1`]);
      for (const value of Object.values(custom).flat()) for (const p of problems) expect(String(value)).not.toContain(p.slice(0, 8));
    }
  });

  it('control: the same campaign with the codec off shows both in plaintext', async () => {
    const { h, executions, questionId, failureMessage } = await runCampaign(PLAIN_ENV, `codec-off-${randomBytes(3).toString('hex')}`);
    const texts = (await Promise.all(executions.map((e) => show(h, e)))).flatMap((history) => textsOutsideSearchAttributes(history));
    expect(holding(texts, DATASET).length).toBeGreaterThan(0);
    expect(holding(texts, questionId).length).toBeGreaterThan(0);
    expect(holding(texts, failureMessage).length).toBeGreaterThan(0);
    expect(texts.some((t) => t === 'binary/encrypted')).toBe(false);
  });

  it('`medeval codec serve` decodes for `temporal workflow show --codec-endpoint` with the bearer token, and not without it', async () => {
    const { h, executions, questionId } = encrypted;
    const port = await freePort();
    const server = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/medeval.js'), 'codec', 'serve', '--port', String(port)], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...CODEC_ENV, MEDEVAL_CODEC_AUTH_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`codec server did not start:\n${output}`)), 30_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('codec server on')) {
            clearTimeout(timer);
            resolve();
          }
        };
        server.stdout.on('data', onData);
        server.stderr.on('data', onData);
        server.once('exit', (code) => reject(new Error(`codec server exited (${code}):\n${output}`)));
      });
      const endpoint = ['--codec-endpoint', `http://127.0.0.1:${port}`];
      const texts = (await Promise.all(executions.map((e) => show(h, e, [...endpoint, '--codec-auth', `Bearer ${TOKEN}`])))).flatMap((history) => textsOutsideSearchAttributes(history));
      expect(holding(texts, DATASET).length).toBeGreaterThan(0);
      expect(holding(texts, questionId).length).toBeGreaterThan(0);
      expect(texts.some((t) => t === 'binary/encrypted')).toBe(false);

      // a wrong token: the CLI retries the refused decode until its deadline and prints nothing decoded
      const refused = await show(h, executions[0]!, [...endpoint, '--codec-auth', 'Bearer not-the-token']).then(
        () => 'shown',
        (err: { stderr?: string }) => String(err.stderr),
      );
      expect(refused).not.toBe('shown');
      expect(refused).not.toContain(DATASET);
      const direct = await fetch(`http://127.0.0.1:${port}/decode`, { method: 'POST', headers: { Authorization: 'Bearer not-the-token' }, body: '{"payloads":[]}' });
      expect(direct.status).toBe(401);
    } finally {
      server.kill('SIGTERM');
    }
  });
});

import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { buildCampaignReport, campaignReportDir } from '../../campaign/report.js';
import { importDatasetFile } from '../../campaign/datasets.js';
import { resolveCampaignConfig } from '../../campaign/start.js';
import { setProviderLimits } from '../../campaign/control.js';
import { PROJECT_ROOT } from '../../config/settings.js';
import { validateDatasetFile } from '../../dataset/validate-file.js';
import { pathInside } from '../../lib/inside-folder.js';
import { freePort } from '../../local-services/ports.js';
import { parseProfiles } from '../../providers/profiles.js';
import { aggregateScores } from '../../scoring/aggregate/aggregate.js';
import { markdownReport } from '../../scoring/report/markdown.js';
import type { ScoreRecord } from '../../scoring/score-record.js';
import { collections } from '../../store/collections.js';
import { formatProgress } from '../../cli/progress-view.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { harnessEnv, scratchCli } from '../support/cli-run.js';
import { startWorkerProcess } from '../support/worker-process.js';

/**
 * Every probe of the hardening issue, as an attacker or a careless user tries it: each row says what happened
 * before and asserts the refusal or the neutral output now. Rows run in order on one set of servers.
 */

const MODEL = 'sim-model-a';
const JUDGE = 'sim-judge';
const MK_ONLY = { filters: { categories: ['MK'] } };

let h: CampaignHarness;
// no discovery: a profile only the probe's own worker process serves stays unpolled by these workers
runningHarness({ latencyMs: [0, 5] }, [MODEL, JUDGE], (harness) => (h = harness), undefined, 0);
const { scratch, cli } = scratchCli(() => h, 'probes');

async function refusedBy(run: Promise<{ code: number | null; stderr: string; stdout: string }>, message: RegExp): Promise<string> {
  const { code, stderr } = await run;
  expect(code).not.toBe(0);
  expect(stderr).toMatch(message);
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  return stderr;
}

const noDoc = async (id: string) => expect(await collections(h.db).campaigns.countDocuments({ _id: id })).toBe(0);

/** A small simulated campaign (MK only, one sample, one judge round), optionally with its profiles edited. */
async function smallCampaign(sub: string, edit: (profiles: Record<string, Record<string, unknown>>) => void = () => {}, extra: Record<string, unknown> = {}, models = [MODEL]) {
  const files = await h.writeConfig({ sub, models, judges: [JUDGE], samples: 1, judgeRounds: 1, extra: { ...MK_ONLY, ...extra } });
  const file = parseYaml(await readFile(files.profilesFile, 'utf8')) as { profiles: Record<string, Record<string, unknown>> };
  edit(file.profiles);
  await writeFile(files.profilesFile, stringifyYaml(file));
  return files;
}

async function runToEnd(configFile: string, id: string) {
  await h.start(configFile, id);
  return h.result(id);
}

// ---- hostile dataset strings, through a whole campaign into every report format ----

const HOSTILE = {
  category2: '=HYPERLINK("http://evil.example/x","click")',
  scene: '@SUM(1+1)|cell\n# Injected heading <img src=x onerror=alert(1)> `code` [link](http://evil.example)\u001b[31m\u202e',
};

let hostileCampaign: Promise<{ id: string; files: Record<string, string> }> | undefined;
function hostileReport() {
  hostileCampaign ??= (async () => {
    const sample = JSON5.parse(await readFile(path.join(PROJECT_ROOT, 'dataset/sample.json'), 'utf8')) as Record<string, Record<string, unknown>[]>;
    const mk = sample['医疗知识']!.map((item, i) => (i < 2 ? { ...item, ...HOSTILE } : item));
    const file = path.join(scratch, 'hostile.json');
    await writeFile(file, JSON.stringify({ 医疗知识: mk }));
    await importDatasetFile(h.db, { file, name: 'hostile' });
    const { configFile } = await h.writeConfig({ sub: 'hostile', dataset: 'hostile', models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1 });
    await runToEnd(configFile, 'probe-hostile');
    return { id: 'probe-hostile', files: (await buildCampaignReport(h.db, 'probe-hostile', { resamples: 50 })).files };
  })();
  return hostileCampaign;
}

/** RFC 4180 rows: quoted cells may hold commas, quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== ',' && c !== '\n')) cell += c;
    else {
      row.push(cell);
      cell = '';
      if (c === '\n') {
        rows.push(row);
        row = [];
      }
    }
  }
  return rows;
}

/** Cells of a Markdown table row: split on pipes no backslash escapes. */
const markdownCells = (line: string) => line.split(/(?<!\\)\|/).slice(1, -1);

// ---- secrets: a server that echoes the key in every form a provider or gateway might ----

const SECRET = 'probe+Zq8Xv2Lm9Np4Rt7Wy1Bc5Df3Gh6Jk0/Ms';
const HEADER_SECRET = 'azure-hdr-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const secretForms = (s: string) => [s, b64(s), b64(`x${s}`).slice(4, -4), b64(`xy${s}`).slice(4, -4), encodeURIComponent(s), s.slice(0, 14), s.slice(-14)];

async function echoServer(): Promise<{ baseUrl: string; received: Record<string, string | undefined>[]; close: () => Promise<void> }> {
  const received: Record<string, string | undefined>[] = [];
  const server = http.createServer((req, res) => {
    received.push({ authorization: req.headers.authorization, apiKey: req.headers['api-key'] as string | undefined });
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const echoed = [...secretForms(key), ...secretForms(String(req.headers['api-key']))].join(' ; ');
    res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `Incorrect API key provided: ${echoed}`, type: 'invalid_request_error', code: 'invalid_api_key' } }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { baseUrl: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/v1`, received, close: () => new Promise((r) => server.close(() => r())) };
}

/** Every string in a workflow's history, payloads decoded, with its children's. */
async function historyText(client: Client, workflowId: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const texts: string[] = [];
  const children: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) texts.push(Buffer.from(v).toString('utf8'));
    else if (typeof v === 'string') texts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  for (const event of history.events ?? []) {
    walk(event);
    const child = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
    if (child) children.push(child);
  }
  for (const child of children) texts.push(await historyText(client, child));
  return texts.join('\n');
}

async function storeText(): Promise<string> {
  const names = (await h.db.listCollections().toArray()).map((c) => c.name);
  const docs = await Promise.all(names.map((n) => h.db.collection(n).find({}).toArray()));
  return JSON.stringify(docs);
}

// ---- the table ----

interface Probe {
  probe: string;
  before: string;
  check: () => Promise<void>;
}

const deep = (n: number, leaf: string) => '['.repeat(n) + leaf + ']'.repeat(n);

const PROBES: Probe[] = [
  {
    probe: 'campaign start --id with a path, a dot name, 1,100 characters',
    before: 'the worker wrote report files wherever its user could; a 1,100-char id left a running document behind',
    async check() {
      const { configFile } = await h.writeConfig({ sub: 'ids', models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: MK_ONLY });
      for (const id of ['../../medeval-escape', path.join(scratch, 'abs'), '.hidden', 'a/b', 'x'.repeat(1_100), 'with space', '']) {
        await expect(h.start(configFile, id), id).rejects.toThrow(/campaign id .*(letters, digits|at most 128)/);
        await noDoc(id);
      }
      expect(existsSync(path.join(scratch, 'abs'))).toBe(false);
    },
  },
  {
    probe: 'report and export folders built from an id stay under their base',
    before: 'path.resolve(reportsDir, campaignId) accepted absolute and ../ ids',
    async check() {
      const base = path.join(scratch, 'reports');
      expect(campaignReportDir(base, 'ok-1.2_x')).toBe(path.join(base, 'ok-1.2_x'));
      expect(() => campaignReportDir(base, '../x')).toThrow(/campaign id/);
      expect(() => pathInside(base, '..', 'x')).toThrow(/would leave/);
      await refusedBy(cli(['report', '--campaign', '../../evil', '--out', base]), /campaign id/);
      expect(existsSync(path.join(scratch, 'evil'))).toBe(false);
    },
  },
  {
    probe: 'dataset strings starting with = and @ in report.csv',
    before: 'written as they were: a spreadsheet ran them as formulas',
    async check() {
      const { files } = await hostileReport();
      const rows = parseCsv(files['report.csv']!);
      expect(new Set(rows.map((r) => r.length))).toEqual(new Set([rows[0]!.length]));
      const cells = rows.flat();
      expect(cells).toContain(`'${HOSTILE.category2}`);
      expect(cells.some((c) => c.startsWith("'@SUM(1+1)|cell"))).toBe(true);
      expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d/.test(c))).toEqual([]);
    },
  },
  {
    probe: 'dataset strings with a newline heading, pipes, tags, backticks and links in report.md',
    before: 'a newline injected a heading, | broke table cells, <img> reached the Markdown as markup',
    async check() {
      const { files } = await hostileReport();
      const md = files['report.md']!;
      expect(md).not.toMatch(/^\s*# Injected/m);
      expect(md).not.toMatch(/(?<!\\)<img/);
      expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
      expect(md).toContain('\\`code\\` \\[link\\](http://evil.example)');
      for (const table of md.split(/\n\n+/).filter((b) => b.startsWith('|'))) {
        const widths = new Set(table.split('\n').map((l) => markdownCells(l).length));
        expect(widths.size, table).toBe(1);
      }
    },
  },
  {
    probe: 'escape sequences and bidi overrides in a report printed to the terminal',
    before: 'raw ESC sequences reached the terminal',
    async check() {
      const { id } = await hostileReport();
      for (const format of ['md', 'csv']) {
        const out = await cli(['report', '--campaign', id, '--format', format]);
        expect(out.code).toBe(0);
        expect(out.stdout).toContain('@SUM(1+1)');
        expect(out.stdout).not.toContain('\u001b');
        expect(out.stdout).not.toContain('\u202e');
      }
    },
  },
  {
    probe: 'the HTML report of the same campaign',
    before: 'already escaped everything (kept)',
    async check() {
      const html = (await hostileReport()).files['report.html']!;
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    },
  },
  {
    probe: "the judge's text (through an invalid-score reason) in report.md",
    before: 'reached the Markdown unescaped',
    async check() {
      const record: ScoreRecord = { questionId: 'MK-1-1', category: 'MK', groupCode: 1, round: 1, category2: 'x', model: 'm', sample: 0, judgeRound: 0, score: null, templateVersion: 'v1', invalidReason: 'no score in "| a | b |\n# Owned <script>alert(1)</script>"' };
      const md = markdownReport(aggregateScores([record], { bootstrap: { resamples: 20 } }), { datasetName: 'd', datasetVersion: '1', templates: [], judgeModels: ['j'] });
      const line = md.split('\n').find((l) => l.includes('no score in'))!;
      expect(markdownCells(line)).toHaveLength(3);
      expect(md).not.toMatch(/^# Owned/m);
      expect(md).not.toContain('<script>');
    },
  },
  {
    probe: 'baseUrl with user:secret@ or ?api-key=',
    before: 'accepted, printed by provider list, stored in MongoDB and history, misclassified as connection_reset',
    async check() {
      for (const baseUrl of ['https://user:hunter2-secret-val@api.example.com/v1', 'https://api.example.com/v1?api-key=hunter2-secret-val', 'https://api.example.com/v1?key=hunter2-secret-val&x=1']) {
        const text = `profiles:\n  p:\n    kind: openai-compatible\n    model: m\n    apiKeyEnv: SOME_KEY\n    baseUrl: ${baseUrl}\n`;
        expect(() => parseProfiles(text, 'providers.yaml')).toThrow(/providers\.yaml:6:\d+ .*baseUrl/);
        try {
          parseProfiles(text, 'providers.yaml');
        } catch (err) {
          expect(String(err)).not.toContain('hunter2');
        }
      }
    },
  },
  {
    probe: 'a key or a lowercase name put in apiKeyEnv',
    before: 'a 32-hex key was accepted and printed',
    async check() {
      // an OpenAI-shaped key, assembled so that no key-shaped literal sits in the repository
      for (const value of ['0123456789abcdef0123456789abcdef', ['sk', 'abcdefghijklmnopqrstuvwxyz123456'].join('-'), 'my-key']) {
        const text = `profiles:\n  p:\n    kind: openai\n    model: m\n    apiKeyEnv: ${value}\n`;
        let message = '';
        try {
          parseProfiles(text, 'providers.yaml');
        } catch (err) {
          message = String(err);
        }
        expect(message).toMatch(/providers\.yaml:5:\d+ .*apiKeyEnv/);
        if (value !== 'my-key') expect(message).not.toContain(value);
      }
    },
  },
  {
    probe: 'a provider echoing the key and an extra header (plain, base64 at 3 alignments, URL-encoded, truncated)',
    before: 'only the exact value was scrubbed; the other forms were stored',
    async check() {
      const server = await echoServer();
      const files = await smallCampaign('secrets', (profiles) => {
        profiles['echo-probe'] = { kind: 'openai-compatible', baseUrl: server.baseUrl, model: 'echo', apiKeyEnv: 'PROBE_KEY', headersFromEnv: { 'api-key': 'PROBE_AZURE_KEY' }, timeoutMs: 5_000 };
      });
      const config = parseYaml(await readFile(files.configFile, 'utf8')) as { models: unknown[] };
      config.models = [{ profile: 'echo-probe' }];
      await writeFile(files.configFile, stringifyYaml(config));
      const worker = await startWorkerProcess(h.store.settings, files.profilesFile, 60_000, { PROBE_KEY: SECRET, PROBE_AZURE_KEY: HEADER_SECRET });
      try {
        const result = await runToEnd(files.configFile, 'probe-secrets');
        expect(result.status).toBe('completed');
        const status = await cli(['campaign', 'status', 'probe-secrets']);
        const report = await cli(['report', '--campaign', 'probe-secrets', '--format', 'md']);
        // the server got both, so there was something to leak
        expect(server.received[0]).toEqual({ authorization: `Bearer ${SECRET}`, apiKey: HEADER_SECRET });
        const failed = await collections(h.db).generations.find({ campaignId: 'probe-secrets', 'error.kind': 'auth' }).toArray();
        expect(failed.length).toBeGreaterThan(0);
        expect(failed.map((g) => g.error)).toEqual(failed.map(() => ({ kind: 'auth', message: expect.stringContaining('Incorrect API key provided: [REDACTED]') as unknown })));
        const everywhere = [await storeText(), await historyText(h.client, 'probe-secrets'), worker.output(), status.stdout, status.stderr, report.stdout].join('\n');
        for (const form of [...secretForms(SECRET), ...secretForms(HEADER_SECRET)]) expect(everywhere, form).not.toContain(form);
      } finally {
        await worker.stop();
        await server.close();
      }
    },
  },
  {
    probe: 'a category key given twice in a dataset file',
    before: 'the last one was kept: 11 of 14 questions imported, "valid"',
    async check() {
      const sample = JSON5.parse(await readFile(path.join(PROJECT_ROOT, 'dataset/sample.json'), 'utf8')) as Record<string, unknown[]>;
      const mk = JSON.stringify(sample['医疗知识']);
      const file = path.join(scratch, 'dup.json');
      await writeFile(file, `{\n"医疗知识": ${mk},\n"医疗推理": ${JSON.stringify(sample['医疗推理'])},\n"医疗知识": ${mk}\n}\n`);
      const { problems } = await validateDatasetFile(file);
      expect(problems.map((p) => p.message)).toContainEqual('category "医疗知识" is given twice (lines 2 and 4); only the last would be read');
      await expect(importDatasetFile(h.db, { file, name: 'dup' })).rejects.toThrow(/dup\.json is not valid .*nothing was imported/s);
      expect(await collections(h.db).datasets.countDocuments({ name: 'dup' })).toBe(0);
      await refusedBy(cli(['dataset', 'validate', file]), /given twice \(lines 2 and 4\)/);
    },
  },
  {
    probe: 'a key given twice in a campaign config',
    before: 'the last value was kept without a word',
    async check() {
      const { configFile } = await h.writeConfig({ sub: 'dupkey', models: [MODEL], judges: [JUDGE] });
      await writeFile(configFile, `${await readFile(configFile, 'utf8')}samples: 2\n`);
      await expect(resolveCampaignConfig(configFile)).rejects.toThrow(/campaign\.yaml:\d+:\d+: key "samples" is given twice \(lines \d+ and \d+\)/);
    },
  },
  {
    probe: 'filters that select nothing',
    before: 'a "completed" campaign of 0 questions',
    async check() {
      for (const [i, filters] of [{ questionIds: ['MK-999-1'] }, { categories: ['MK'], questionIds: ['MR-1-1'] }].entries()) {
        const { configFile } = await h.writeConfig({ sub: `empty-${i}`, models: [MODEL], judges: [JUDGE], extra: { filters } });
        await h.start(configFile, `probe-empty-${i}`).then(
          () => expect.fail('started'),
          (err: Error) => expect(err.message).toMatch(/name no question of the dataset: "MK-999-1"|the filters select no question/),
        );
        await noDoc(`probe-empty-${i}`);
      }
    },
  },
  {
    probe: 'a judge that is also the model under test',
    before: 'accepted without a word',
    async check() {
      const sameModel = (profiles: Record<string, Record<string, unknown>>) => void (profiles[JUDGE]!.model = MODEL);
      const refused = await smallCampaign('self', sameModel);
      await expect(resolveCampaignConfig(refused.configFile)).rejects.toThrow(/judge sim-judge is model sim-model-a .*allowSelfJudging: true/);
      const allowed = await smallCampaign('self-ok', sameModel, { allowSelfJudging: true });
      expect((await runToEnd(allowed.configFile, 'probe-self')).status).toBe('completed');
      const md = (await buildCampaignReport(h.db, 'probe-self', { resamples: 20 })).files['report.md']!;
      expect(md).toContain('**Self-judging:** judge sim-judge is model sim-model-a (sim-model-a)');
    },
  },
  {
    probe: 'a 20,000-deep value in a dataset field (validate and import)',
    before: 'validate said valid, import crashed with "Maximum call stack size exceeded"',
    async check() {
      const file = path.join(scratch, 'deep.json');
      await writeFile(file, `{"医疗知识": [{"category1": "医疗知识", "problem": ${deep(20_000, '1')}}]}`);
      const { problems } = await validateDatasetFile(file);
      expect(problems).toEqual([{ file, message: expect.stringMatching(/nested deeper than \d+ levels at 医疗知识\[0\]\.problem/) as unknown }]);
      await expect(importDatasetFile(h.db, { file, name: 'deep' })).rejects.toThrow(/deep\.json is not valid.*nested deeper/s);
      await refusedBy(cli(['dataset', 'import', file, '--name', 'deep']), /deep\.json.*nested deeper than \d+ levels at 医疗知识\[0\]\.problem/s);
    },
  },
  {
    probe: 'a 20,000-deep value in a campaign config',
    before: 'Maximum call stack size exceeded',
    async check() {
      const { configFile } = await h.writeConfig({ sub: 'deep', models: [MODEL], judges: [JUDGE] });
      await writeFile(configFile, `${await readFile(configFile, 'utf8')}extraDeep: ${deep(20_000, '1')}\n`);
      await expect(resolveCampaignConfig(configFile)).rejects.toThrow(/campaign\.yaml.*nested/);
    },
  },
  {
    probe: 'numeric options out of range or not numbers',
    before: '--resamples 1000000000 ended in a fatal V8 error; --version abc sent NaN, 1.9 read as 1',
    async check() {
      await refusedBy(cli(['report', '--campaign', 'probe-hostile', '--resamples', '1000000000']), /--resamples.*100,?000/);
      for (const bad of ['abc', '1.9', '1e7']) await refusedBy(cli(['dataset', 'export', '--name', 'hostile', '--version', bad, path.join(scratch, 'x.json')]), /--version/);
      await refusedBy(cli(['campaign', 'limits', MODEL, '--rpm', '-3']), /--rpm/);
      expect(existsSync(path.join(scratch, 'x.json'))).toBe(false);
    },
  },
  {
    probe: 'stdout closed early (`| head`)',
    before: 'an EPIPE stack trace',
    async check() {
      const env = { ...process.env, ...harnessEnv(h, path.join(scratch, 'home')) };
      const { stdout, stderr } = await promisify(execFile)('bash', ['-c', `node bin/medeval.js report --campaign probe-hostile --format json | head -c 20 >/dev/null; echo "exit \${PIPESTATUS[0]}"`], { cwd: PROJECT_ROOT, env });
      expect(stdout.trim()).toBe('exit 0');
      expect(stderr).toBe('');
    },
  },
  {
    probe: 'dev up with one port taken',
    before: 'the other service was left running while dev up exited 1',
    async check() {
      const [temporal, ui, mongo] = [await freePort(), await freePort(), await freePort()].map(String);
      const taken = net.createServer().listen(Number(mongo), '127.0.0.1');
      await once(taken, 'listening');
      const env = { MEDEVAL_HOME: path.join(scratch, 'dev-home'), MEDEVAL_TEMPORAL_PORT: temporal!, MEDEVAL_TEMPORAL_UI_PORT: ui!, MEDEVAL_MONGO_PORT: mongo!, TEMPORAL_ADDRESS: '', MONGODB_URI: '' };
      try {
        await refusedBy(cli(['dev', 'up'], env), new RegExp(mongo!));
        const after = JSON.parse((await cli(['dev', 'status', '--json'], env)).stdout) as { services: Record<string, unknown> };
        expect(Object.values(after.services).filter(Boolean)).toEqual([]);
        await expect(new Promise((resolve, reject) => net.connect(Number(temporal), '127.0.0.1').once('connect', resolve).once('error', reject))).rejects.toThrow(/ECONNREFUSED/);
      } finally {
        taken.close();
      }
    },
  },
  {
    probe: 'a non-Temporal endpoint or nothing at TEMPORAL_ADDRESS',
    before: '"Failed to describe workflow", the cause hidden',
    async check() {
      const web = http.createServer((_, res) => res.end('hello')).listen(0, '127.0.0.1');
      await once(web, 'listening');
      const port = (web.address() as net.AddressInfo).port;
      try {
        await refusedBy(cli(['campaign', 'status', 'x'], { TEMPORAL_ADDRESS: `127.0.0.1:${port}` }), new RegExp(`Temporal at 127\\.0\\.0\\.1:${port} .*something listens there, but it does not answer`));
      } finally {
        web.close();
      }
      const closed = String(await freePort());
      await refusedBy(cli(['campaign', 'status', 'x'], { TEMPORAL_ADDRESS: `127.0.0.1:${closed}` }), /nothing listens there \(connection refused\)/);
    },
  },
  {
    probe: 'campaign status when no worker polls a queue the campaign needs',
    before: 'waited 35 s, then "Failed to query Workflow"',
    async check() {
      const files = await smallCampaign('unpolled', () => {}, {}, ['sim-unpolled']);
      await h.start(files.configFile, 'probe-unpolled');
      try {
        const status = JSON.parse((await cli(['campaign', 'status', 'probe-unpolled', '--json'])).stdout) as { status: string; warnings?: string[] };
        expect(status.status).toBe('running');
        expect(status.warnings?.join('\n')).toMatch(/sim-unpolled.*medeval worker/s);
      } finally {
        await h.client.workflow.getHandle('probe-unpolled').terminate('probe done');
      }
    },
  },
  {
    probe: 'campaign limits for a profile that does not exist',
    before: 'accepted, limiting nothing',
    async check() {
      await expect(setProviderLimits(h.db, 'no-such-profile', { requestsPerMinute: 5 })).rejects.toThrow(/no profile named "no-such-profile"/);
      expect(await collections(h.db).providerLimits.countDocuments({ _id: 'no-such-profile' })).toBe(0);
      await refusedBy(cli(['campaign', 'limits', 'no-such-profile', '--rpm', '5']), /no profile named "no-such-profile"/);
    },
  },
  {
    probe: 'a schema error in a profiles file',
    before: 'named the field but no line',
    async check() {
      expect(() => parseProfiles('profiles:\n  a:\n    kind: openai\n    model: m\n    timeoutMs: soon\n', 'providers.yaml')).toThrow(/^providers\.yaml:5:\d+ profiles\.a\.timeoutMs: /);
    },
  },
  {
    probe: 'behind a LiteLLM-style gateway: llm_provider- delays, x-litellm-call-id, errors in 200 bodies',
    before: 'delay ignored, no request id, 200-body errors retried as malformed_response',
    async check() {
      const files = await smallCampaign('gateway');
      // every call's first attempt is rate limited, its second answered with an error body, its third succeeds
      h.fake.configure({ latencyMs: [0, 5], gateway: { style: 'litellm' }, faults: [{ fault: 'rate_limit', attempts: [1], retryAfterMs: 50 }, { fault: 'upstream_error_200', attempts: [2] }] });
      const before = h.fake.calls().byOutcome;
      try {
        expect((await runToEnd(files.configFile, 'probe-gateway')).status).toBe('completed');
        const gens = await collections(h.db).generations.find({ campaignId: 'probe-gateway' }).toArray();
        expect(gens.length).toBeGreaterThan(0);
        expect(gens.every((g) => !g.error && /^[0-9a-f-]{36}$/.test(g.requestId ?? ''))).toBe(true);
        const after = h.fake.calls().byOutcome;
        const delta = (o: string) => (after[o] ?? 0) - (before[o] ?? 0);
        expect([delta('rate_limit'), delta('upstream_error_200'), delta('ok')]).toEqual([gens.length * 2, gens.length * 2, gens.length * 2]);
      } finally {
        h.fake.restoreConfig();
      }
    },
  },
  {
    probe: 'a parameter the gateway does not support (seed)',
    before: 'a hard 400 for the whole model, no hint',
    async check() {
      const files = await smallCampaign('unsupported', () => {}, { models: [{ profile: MODEL, params: { seed: 7 } }] });
      h.fake.configure({ latencyMs: [0, 5], gateway: { style: 'litellm', unsupportedParams: ['seed'] } });
      const before = h.fake.calls().total;
      try {
        await runToEnd(files.configFile, 'probe-unsupported');
        const gens = await collections(h.db).generations.find({ campaignId: 'probe-unsupported', 'error.kind': { $ne: 'skipped' } }).toArray();
        // a 400 is not retried: one call per first round, and nothing else sent
        expect(h.fake.calls().total - before).toBe(gens.length);
        expect(gens.map((g) => g.error)).toEqual(gens.map(() => ({ kind: 'bad_request', message: expect.stringMatching(/seed.*quirks\.omitParams/s) as unknown })));
      } finally {
        h.fake.restoreConfig();
      }
    },
  },
  {
    probe: 'a profile without pricing',
    before: 'cost shown as $0',
    async check() {
      const files = await smallCampaign('unpriced', (profiles) => void delete profiles[JUDGE]!.pricing);
      expect((await runToEnd(files.configFile, 'probe-unpriced')).status).toBe('completed');
      const status = JSON.parse((await cli(['campaign', 'status', 'probe-unpriced', '--json'])).stdout) as { costUsd: number; unpriced: string[] };
      expect(status.unpriced).toEqual([JUDGE]);
      expect(status.costUsd).toBeGreaterThan(0);
      expect((await cli(['campaign', 'status', 'probe-unpriced'])).stdout).toMatch(/cost \$[\d.]+ \+ unknown \(unpriced: sim-judge\)/);
      expect(formatProgress({ campaignId: 'c', status: 'running', percent: 1, costUsd: 0, models: [], unpriced: ['a', 'b'] })).toContain('cost unknown (unpriced: a, b)');
    },
  },
];

describe('hardening probes', () => {
  it.each(PROBES)('$probe', async ({ check }) => {
    await mkdir(scratch, { recursive: true });
    await check();
  });
});

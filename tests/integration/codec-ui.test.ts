import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecFromEnv } from '../../codec/payload-codec.js';
import { startCodecServer, type CodecServer } from '../../codec/server.js';
import { PROJECT_ROOT } from '../../config/settings.js';
import { freePort } from '../../local-services/ports.js';
import { CODEC_ENV, PROBE_DATASET, runProbeCampaign } from '../support/codec-campaign.js';
import type { CampaignHarness } from '../support/campaign-harness.js';
import { ownServices, type OwnServices } from '../support/own-services.js';
import { launchChromium } from '../support/browser.js';

const TOKEN = randomBytes(24).toString('base64url');
const ARTIFACTS = path.join(PROJECT_ROOT, 'out/test-artifacts/codec-ui');
const profileDir = mkdtempSync(path.join(os.tmpdir(), 'medeval-chromium-'));
let own: OwnServices;
let h: CampaignHarness | undefined;
let codec: CodecServer | undefined;
let browser: BrowserContext | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  env = { ...CODEC_ENV, MEDEVAL_CODEC_PORT: String(await freePort()) };
  // started as `medeval dev up` starts it with the codec configured: the UI is pointed at the codec server
  own = await ownServices(env);
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await codec?.close();
  await h?.close();
  await own?.stop();
  rmSync(profileDir, { recursive: true, force: true });
});

describe('the Temporal UI decodes through `medeval codec serve`', () => {
  it('dev up gives the UI the codec endpoint; the UI shows encrypted inputs until the browser signs in at the codec server, then decoded', async () => {
    const ui = own.settings.temporalUiUrl;
    const endpoint = `http://127.0.0.1:${own.settings.ports.codec}`;
    const settings = (await (await fetch(`${ui}/api/v1/settings`)).json()) as { Codec?: { Endpoint?: string } };
    expect(settings.Codec?.Endpoint).toBe(endpoint);

    const campaignId = `codec-ui-${randomBytes(3).toString('hex')}`;
    ({ h } = await runProbeCampaign(env, campaignId, own.servers));
    codec = await startCodecServer({ codec: codecFromEnv(env)!, token: TOKEN, port: own.settings.ports.codec, origins: [ui] });

    browser = await launchChromium(profileDir);
    // the UI's own codec settings (what its data-encoder dialog stores): this endpoint, with the browser's cookies
    await browser.addInitScript(
      `if (location.origin === ${JSON.stringify(ui)}) {
        localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
        localStorage.setItem('endpoint', ${JSON.stringify(JSON.stringify(endpoint))});
        localStorage.setItem('includeCredentials', 'true');
      }`,
    );
    const page = await browser.newPage();
    const workflowPage = `${ui}/namespaces/default/workflows/${encodeURIComponent(campaignId)}`;

    // waits for the page to show a text (the UI renders in steps; a loaded machine is slow)
    const shows = (text: string) =>
      page.waitForFunction((t) => (globalThis as unknown as { document: { body: { textContent: string | null } } }).document.body.textContent?.includes(t) ?? false, text, { timeout: 60_000 });
    const encryptedInput = `"encoding": "${Buffer.from('binary/encrypted').toString('base64')}"`;

    await page.goto(workflowPage);
    // refused (401): the UI says so and shows the input as stored, encrypted
    await shows('Codec Server could not connect');
    await shows(encryptedInput);
    expect((await page.textContent('body')) ?? '').not.toContain(PROBE_DATASET);
    await page.screenshot({ path: path.join(ARTIFACTS, 'before-signin.png'), fullPage: true });

    await page.goto(`${endpoint}/signin`);
    await page.fill('input[name="token"]', TOKEN);
    await page.click('button');
    await shows('This browser may decode');

    await page.goto(workflowPage);
    await shows(`"datasetName": "${PROBE_DATASET}@1"`);
    const after = (await page.textContent('body')) ?? '';
    expect(after).not.toContain('Codec Server could not connect');
    expect(after).not.toContain(encryptedInput);
    await page.screenshot({ path: path.join(ARTIFACTS, 'decoded.png'), fullPage: true });
  });
});

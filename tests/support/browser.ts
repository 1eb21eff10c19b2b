import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { reviewServer } from '../../review/server.js';

/** Debian's chromium, headless, in `profileDir`, with nothing running in the background. */
export function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--no-first-run', '--disable-gpu', '--disable-component-update', '--disable-sync'],
  });
}

export interface BrowserSuite {
  /** the web app's address */
  base: string;
  app: FastifyInstance;
  browser: BrowserContext;
}

/**
 * For a browser test file: before its tests, the web app (`medeval serve`'s) on a free port over `db()` and Debian's
 * chromium, headless, in a fresh profile with nothing running in the background, and `artifacts` created for
 * screenshots; after them, all stopped and the profile removed. `ready` receives them.
 */
export function browserSuite(artifacts: string, db: () => Db, ready: (suite: BrowserSuite) => void, options: { client?: () => Parameters<typeof reviewServer>[0]['client'] } = {}): void {
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'medeval-chromium-'));
  let suite: BrowserSuite | undefined;
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    const client = options.client?.();
    const app = await reviewServer({ db: db(), publicUrl: 'http://127.0.0.1:1', ...(client ? { client } : {}) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const browser = await launchChromium(profileDir);
    suite = { base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, app, browser };
    ready(suite);
  });
  afterAll(async () => {
    await suite?.browser.close();
    await suite?.app.close();
    rmSync(profileDir, { recursive: true, force: true });
  });
}

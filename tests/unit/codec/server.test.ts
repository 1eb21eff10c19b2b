import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecFromEnv } from '../../../codec/payload-codec.js';
import { startCodecServer, type CodecServer } from '../../../codec/server.js';

const TOKEN = 'codec-test-token-0123456789';
const codec = codecFromEnv({ MEDEVAL_CODEC_KEY: randomBytes(32).toString('base64'), MEDEVAL_CODEC_KEY_ID: 'k1' })!;
let server: CodecServer;

const json = (p: { metadata?: Record<string, Uint8Array | null> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

beforeAll(async () => {
  server = await startCodecServer({ codec, token: TOKEN, origins: ['http://127.0.0.1:8233'] });
});
afterAll(() => server.close());

describe('codec server', () => {
  it('encodes without a token; decodes only with it, back to the original payload', async () => {
    const plain = defaultPayloadConverter.toPayload({ questionId: 'MK-7-1' });
    const encoded = (await (await post('/encode', { payloads: [json(plain)] })).json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(encoded.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(encoded.payloads[0]!.data, 'base64').includes('MK-7-1')).toBe(false);

    const refused = await post('/decode', encoded);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post('/decode', encoded, { Authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);

    const decoded = await post('/decode', encoded, { Authorization: `Bearer ${TOKEN}` });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('cache-control')).toBe('no-store');
    const back = ((await decoded.json()) as { payloads: ReturnType<typeof json>[] }).payloads[0]!;
    expect(back).toEqual(json(plain));
  });

  it('CORS for the UI origin only, preflight included', async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:8233', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, X-Namespace');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');

    const other = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const posted = await post('/encode', { payloads: [] }, { Origin: 'http://127.0.0.1:8233' });
    expect(posted.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    expect(await posted.json()).toEqual({ payloads: [] });
  });

  it('bad requests: a clear 4xx naming the field', async () => {
    const cases: [Promise<Response>, number, RegExp][] = [
      [post('/encode', 'not json'), 400, /body: not JSON/],
      [post('/encode', { payload: [] }), 400, /expected \{"payloads"/],
      [post('/encode', { payloads: [{ metadata: { encoding: '%%%' } }] }), 400, /payloads\[0\]\.metadata\.encoding: expected a base64 string/],
      [post('/decode', { payloads: [{ metadata: { encoding: Buffer.from('binary/encrypted').toString('base64'), 'encryption-key-id': Buffer.from('k9').toString('base64') }, data: 'AAAA' }] }, { Authorization: `Bearer ${TOKEN}` }), 400, /key id k9/],
      [post('/other', { payloads: [] }), 404, /POST \/encode or \/decode/],
      [fetch(`${server.url}/decode`), 405, /GET not allowed/],
    ];
    for (const [response, status, message] of cases) {
      const r = await response;
      expect(r.status).toBe(status);
      expect(((await r.json()) as { error: string }).error).toMatch(message);
    }
  });
});

describe('codec server: payloads without data', () => {
  it('a payload with metadata only (e.g. binary/null) survives encode and decode', async () => {
    const none = defaultPayloadConverter.toPayload(undefined);
    const encoded = (await (await post('/encode', { payloads: [json(none)] })).json()) as { payloads: unknown[] };
    const decoded = (await (await post('/decode', encoded, { Authorization: `Bearer ${TOKEN}` })).json()) as { payloads: { metadata: Record<string, string>; data?: string }[] };
    expect(decoded.payloads).toEqual([{ metadata: { encoding: Buffer.from('binary/null').toString('base64') } }]);
  });
});

describe('codec server: browser sign-in for the Temporal UI', () => {
  it('the right token at /signin sets an HttpOnly same-site session cookie that decodes; a wrong one sets none', async () => {
    const form = await fetch(`${server.url}/signin`);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await form.text()).toContain('<form method="post" action="/signin">');

    const signin = (token: string) => fetch(`${server.url}/signin`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });
    const wrong = await signin('not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const right = await signin(TOKEN);
    expect(right.status).toBe(200);
    const setCookie = right.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^medeval_codec=[A-Za-z0-9_-]{20,}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    expect(setCookie).not.toContain(TOKEN);
    const session = setCookie.split(';')[0]!;

    const plain = defaultPayloadConverter.toPayload({ questionId: 'MK-7-1' });
    const encoded = await (await post('/encode', { payloads: [json(plain)] })).json();
    const viaUi = await post('/decode', encoded, { Cookie: session, Origin: 'http://127.0.0.1:8233' });
    expect(viaUi.status).toBe(200);
    expect(viaUi.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    expect(((await viaUi.json()) as { payloads: unknown[] }).payloads[0]).toEqual(json(plain));
    expect((await post('/decode', encoded, { Cookie: 'medeval_codec=forged-session-value' })).status).toBe(401);
    // a wrong bearer is not rescued by a good cookie
    expect((await post('/decode', encoded, { Cookie: session, Authorization: 'Bearer wrong-wrong-wrong-wrong' })).status).toBe(401);
  });
});

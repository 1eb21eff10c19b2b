import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { derivedToken, sameToken } from '../lib/tokens.js';

/** The Temporal UI of the embedded dev server, by both names a browser may use for it. */
export const DEFAULT_UI_ORIGINS = ['http://127.0.0.1:8233', 'http://localhost:8233'];
/** A UI page asks for a few events' payloads at a time; 16 MB is eight of Temporal's largest (2 MB) payloads and room. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** required as `Authorization: Bearer <token>` to decode */
  token: string;
  host?: string;
  port?: number;
  /** browser origins allowed to call (the Temporal UI's); others get no CORS headers */
  origins?: readonly string[];
}

export interface CodecServer {
  url: string;
  close(): Promise<void>;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
function bytes(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) throw new HttpError(400, `${field}: expected a base64 string`);
  return Buffer.from(value, 'base64');
}

/** Temporal's codec protocol carries payloads as proto3 JSON: metadata values and data base64. */
function fromJson(value: unknown, n: number): Payload {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, `payloads[${n}]: expected an object`);
  const { metadata, data } = value as JsonPayload;
  if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))) throw new HttpError(400, `payloads[${n}].metadata: expected an object`);
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, bytes(v, `payloads[${n}].metadata.${k}`)])),
    ...(data !== undefined && data !== null ? { data: bytes(data, `payloads[${n}].data`) } : {}),
  };
}

function toJson(payload: Payload): JsonPayload {
  // a decoded proto's absent bytes field is an empty array, not undefined
  const b64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('base64');
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
    ...(payload.data?.length ? { data: b64(payload.data) } : {}),
  };
}

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function body(req: IncomingMessage): Promise<Payload[]> {
  const raw = await text(req);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'body: not JSON');
  }
  const payloads = (parsed as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(payloads)) throw new HttpError(400, 'body: expected {"payloads": [...]}');
  return payloads.map(fromJson);
}

/** The browser session `/signin` sets: derived from the token (rotating the token ends it), HttpOnly, same-site only. */
const SESSION_COOKIE = 'medeval_codec';
const SESSION_SECONDS = 12 * 3600;
const sessionValue = (token: string) => derivedToken(token, 'codec-ui-session');

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function page(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res
    .writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'", ...headers })
    .end(`<!doctype html><meta charset="utf-8"><title>medeval codec</title>${body}`);
}

const SIGNIN_FORM =
  '<h1>medeval codec server</h1><p>Decoding needs the codec token (MEDEVAL_CODEC_AUTH_TOKEN). Sign this browser in, then in the Temporal UI set the codec endpoint to this server and tick <i>Include cross-origin credentials</i>.</p>' +
  '<form method="post" action="/signin"><input type="password" name="token" autocomplete="off" required> <button>Sign in</button></form>';

/** GET /signin: the form; POST /signin: a right token sets the session cookie the UI's requests then carry. */
async function signin(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  if (req.method === 'GET') return page(res, 200, SIGNIN_FORM);
  if (req.method !== 'POST') throw new HttpError(405, `${req.method} not allowed: GET or POST`);
  const given = new URLSearchParams(await text(req)).get('token')?.trim() ?? '';
  if (!sameToken(given, token)) return page(res, 401, `<p>That is not the codec token.</p>${SIGNIN_FORM}`);
  const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
  page(res, 200, `<p>This browser may decode for ${SESSION_SECONDS / 3600} hours.</p>`, {
    'Set-Cookie': `${SESSION_COOKIE}=${sessionValue(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_SECONDS}${secure}`,
  });
}

/** A caller may decode with the bearer token (CLI, scripts) or the session cookie of a signed-in browser (the UI). */
function mayDecode(req: IncomingMessage, token: string): boolean {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (bearer) return sameToken(bearer, token);
  const session = cookie(req, SESSION_COOKIE);
  return session !== undefined && sameToken(session, sessionValue(token));
}

/**
 * Temporal's codec server protocol (what the Temporal UI and `temporal … --codec-endpoint` call): POST /encode and
 * /decode with `{payloads: [...]}`, answered the same way. Decoding needs the bearer token (it reveals history's
 * contents), or a browser session from `/signin` (the Temporal UI, with cross-origin credentials); encoding
 * reveals nothing and lets the UI send signals. The X-Namespace header is accepted: one key
 * serves every namespace. Browsers get CORS headers only for the configured origins, preflight included.
 */
export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const origins = new Set(options.origins ?? DEFAULT_UI_ORIGINS);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (origin && origins.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.setHeader('Vary', 'Origin');
    res.setHeader('Cache-Control', 'no-store');
    const route = new URL(req.url ?? '/', 'http://codec').pathname.replace(/\/+$/, '');
    if (route === '/signin') return signin(req, res, options.token);
    if (route !== '/encode' && route !== '/decode') throw new HttpError(404, 'not found: POST /encode or /decode (GET /signin for a browser)');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'POST') throw new HttpError(405, `${req.method} not allowed: POST`);
    if (route === '/decode' && !mayDecode(req, options.token)) throw new HttpError(401, 'decoding needs Authorization: Bearer <MEDEVAL_CODEC_AUTH_TOKEN>, or a browser signed in at /signin');
    const payloads = await body(req);
    let out: Payload[];
    try {
      out = route === '/encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
    } catch (err) {
      throw new HttpError(400, err instanceof Error ? err.message : String(err));
    }
    const answer = JSON.stringify({ payloads: out.map(toJson) });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(answer);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: err instanceof HttpError ? err.message : 'internal error' }));
      // the rest of an unread body is dropped with the connection
      if (!req.complete) req.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { sameToken } from '../lib/tokens.js';

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

async function body(req: IncomingMessage): Promise<Payload[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body: not JSON');
  }
  const payloads = (parsed as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(payloads)) throw new HttpError(400, 'body: expected {"payloads": [...]}');
  return payloads.map(fromJson);
}

/**
 * Temporal's codec server protocol (what the Temporal UI and `temporal … --codec-endpoint` call): POST /encode and
 * /decode with `{payloads: [...]}`, answered the same way. Decoding needs the bearer token (it reveals history's
 * contents); encoding reveals nothing and lets the UI send signals. The X-Namespace header is accepted: one key
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
    if (route !== '/encode' && route !== '/decode') throw new HttpError(404, 'not found: POST /encode or /decode');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'POST') throw new HttpError(405, `${req.method} not allowed: POST`);
    if (route === '/decode') {
      const auth = req.headers.authorization ?? '';
      const given = /^Bearer (.+)$/i.exec(auth)?.[1]?.trim();
      if (!given || !sameToken(given, options.token)) throw new HttpError(401, 'decoding needs Authorization: Bearer <MEDEVAL_CODEC_AUTH_TOKEN>');
    }
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

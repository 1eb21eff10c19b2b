import type { BatchStore } from './batches.js';
import { anthropicWire } from './anthropic-wire.js';
import { openAIWire } from './openai-wire.js';
import { isObject } from './wire.js';

/** A reply of the batch endpoints: JSON, or a JSONL file's text. */
export type BatchReply = { status: number; json: unknown } | { status: number; text: string };

const notFound = (api: 'openai' | 'anthropic', what: string): BatchReply =>
  api === 'openai' ? { status: 404, json: openAIWire.error(404, `No ${what} found`) } : { status: 404, json: anthropicWire.error(404, `${what} not found`) };
const badRequest = (api: 'openai' | 'anthropic', message: string): BatchReply => ({ status: 400, json: (api === 'openai' ? openAIWire : anthropicWire).error(400, message) });

/**
 * The batch endpoints of both APIs over a BatchStore; undefined for any other route. OpenAI: `POST /v1/files`
 * (multipart), `GET /v1/files/:id/content`, `POST|GET /v1/batches`, `GET /v1/batches/:id`, `POST
 * /v1/batches/:id/cancel`. Anthropic: `POST|GET /v1/messages/batches`, `GET /v1/messages/batches/:id`, `POST
 * /v1/messages/batches/:id/cancel`, `GET /v1/messages/batches/:id/results`.
 */
export function batchRoute(store: BatchStore, method: string, path: string, raw: string, contentType: string, baseUrl: string): BatchReply | undefined {
  let m: RegExpExecArray | null;
  if (method === 'POST' && path === '/v1/files') {
    const form = parseMultipart(raw, contentType);
    const file = form.get('file');
    if (!file || form.get('purpose')?.content !== 'batch') return badRequest('openai', 'expected a multipart form with purpose=batch and a file');
    return { status: 200, json: store.createFile(file.content, 'batch', file.filename ?? 'batch.jsonl') };
  }
  if (method === 'GET' && (m = /^\/v1\/files\/([\w-]+)\/content$/.exec(path))) {
    const content = store.fileContent(m[1]!);
    return content === undefined ? notFound('openai', `file ${m[1]}`) : { status: 200, text: content };
  }
  if (method === 'POST' && path === '/v1/batches') {
    const body = parseJson(raw);
    if (!isObject(body) || typeof body.input_file_id !== 'string' || body.endpoint !== '/v1/chat/completions') return badRequest('openai', 'expected input_file_id and endpoint /v1/chat/completions');
    const metadata = isObject(body.metadata) ? (body.metadata as Record<string, string>) : {};
    const batch = store.createOpenAI(body.input_file_id, metadata);
    if (batch === undefined) return notFound('openai', `file ${body.input_file_id}`);
    return typeof batch === 'string' ? badRequest('openai', batch) : { status: 200, json: batch };
  }
  if (method === 'GET' && path === '/v1/batches') return { status: 200, json: page(store.list('openai', baseUrl), true) };
  if ((m = /^\/v1\/batches\/([\w-]+)(\/cancel)?$/.exec(path)) && (method === 'GET') === !m[2]) {
    const batch = m[2] ? store.cancel('openai', m[1]!, baseUrl) : store.retrieve('openai', m[1]!, baseUrl);
    return batch === undefined ? notFound('openai', `batch ${m[1]}`) : { status: 200, json: batch };
  }
  if (method === 'POST' && path === '/v1/messages/batches') {
    const body = parseJson(raw);
    const requests = isObject(body) && Array.isArray(body.requests) ? (body.requests as { custom_id: unknown; params: unknown }[]) : undefined;
    if (!requests?.length || !requests.every((r) => typeof r.custom_id === 'string' && /^[a-zA-Z0-9_-]{1,64}$/.test(r.custom_id))) {
      return badRequest('anthropic', 'requests: a non-empty list of {custom_id matching ^[a-zA-Z0-9_-]{1,64}$, params}');
    }
    return { status: 200, json: store.createAnthropic(requests as { custom_id: string; params: unknown }[]) };
  }
  if (method === 'GET' && path === '/v1/messages/batches') return { status: 200, json: page(store.list('anthropic', baseUrl), false) };
  if ((m = /^\/v1\/messages\/batches\/([\w-]+)(\/cancel|\/results)?$/.exec(path))) {
    const [, id, action] = m as unknown as [string, string, string | undefined];
    if (action === '/results' && method === 'GET') {
      const text = store.anthropicResults(id);
      return text === undefined ? notFound('anthropic', `results of ${id} (not ended)`) : { status: 200, text };
    }
    if ((action === '/cancel') !== (method === 'POST')) return undefined;
    const batch = action ? store.cancel('anthropic', id, baseUrl) : store.retrieve('anthropic', id, baseUrl);
    return batch === undefined ? notFound('anthropic', `batch ${id}`) : { status: 200, json: batch };
  }
  return undefined;
}

function page(data: unknown[], openai: boolean) {
  const ids = data.map((d) => (d as { id: string }).id);
  return { ...(openai ? { object: 'list' } : {}), data, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null, has_more: false };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** The parts of a multipart/form-data body by field name (text content; batch files are JSONL). */
function parseMultipart(raw: string, contentType: string): Map<string, { content: string; filename?: string }> {
  const parts = new Map<string, { content: string; filename?: string }>();
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return parts;
  for (const part of raw.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    if (name !== undefined) parts.set(name, { content: part.slice(split + 4).replace(/\r\n$/, ''), ...(filename !== undefined ? { filename } : {}) });
  }
  return parts;
}

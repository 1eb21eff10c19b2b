import net from 'node:net';

/** A URL fit to print: its password (and a user name alone stays) replaced, e.g. mongodb://user:***@host/. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@/i, (_, scheme: string, userinfo: string) => `${scheme}${userinfo.includes(':') ? `${userinfo.split(':')[0]}:***` : '***'}@`);
}

/**
 * Why a host:port did not answer as the service it should be: nothing listens, the name does not resolve, or
 * something else answers there. Says what the TCP layer saw within `timeoutMs`.
 */
export function probeEndpoint(address: string, timeoutMs = 2_000): Promise<string> {
  const at = address.lastIndexOf(':');
  const host = (at > 0 ? address.slice(0, at) : address).replace(/^\[|\]$/g, '');
  const port = Number(at > 0 ? address.slice(at + 1) : NaN);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return Promise.resolve(`"${address}" is not host:port`);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (reason: string) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms (a firewall, or a host that is down)`));
    socket.once('connect', () => done('something listens there, but it does not answer as this service'));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const reasons: Record<string, string> = { ECONNREFUSED: 'nothing listens there (connection refused)', ENOTFOUND: `host ${host} is not known`, EAI_AGAIN: `host ${host} does not resolve` };
      done(reasons[err.code ?? ''] ?? `${err.code ?? 'error'}: ${err.message}`);
    });
  });
}

/** A page under a public base URL, its path kept (`https://h/medeval` + `explore` → `https://h/medeval/explore`). */
export function urlUnder(publicUrl: string, path: string): URL {
  const base = new URL(publicUrl);
  return new URL(path, base.href.endsWith('/') ? base : `${base.href}/`);
}

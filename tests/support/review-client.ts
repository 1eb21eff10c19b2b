import { expect } from 'vitest';
import type { Invitation } from '../../campaign/review-access.js';
import { SESSION_COOKIE } from '../../review/server.js';

export interface ApiCall {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  text: string;
}

export const tokenOf = (i: Invitation): string => new URL(i.url).searchParams.get('token')!;

/** A reviewer's HTTP client for a running reviewer app at `base`: JSON API calls, page requests and sign-in. */
export function reviewClient(base: string) {
  async function call(method: string, path: string, { cookie, bearer, csrf, body }: { cookie?: string; bearer?: string; csrf?: string; body?: unknown } = {}): Promise<ApiCall> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  /** A page: GET, or POST of a form (a list value sends the field once per element); redirects are not followed. */
  async function page(path: string, cookie?: string, form?: Record<string, string | string[]>) {
    const body = form ? new URLSearchParams(Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]))) : undefined;
    const res = await fetch(`${base}${path}`, { method: form ? 'POST' : 'GET', redirect: 'manual', headers: { ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}) }, ...(body ? { body } : {}) });
    return { status: res.status, location: res.headers.get('location'), cookie: /medeval_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1], html: await res.text(), csp: res.headers.get('content-security-policy') };
  }

  /** Spends the invitation's sign-in token through the API: the session cookie and its CSRF token. */
  async function signIn(i: Invitation): Promise<{ cookie: string; csrf: string }> {
    const res = await call('POST', '/api/session', { body: { token: tokenOf(i) } });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = /medeval_session=([^;]+)/.exec(setCookie)![1]!;
    return { cookie, csrf: res.body.csrfToken as string };
  }

  return { call, page, signIn };
}

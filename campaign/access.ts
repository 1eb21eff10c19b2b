import type { Collection, Document, Filter } from 'mongodb';
import { urlUnder } from '../lib/endpoint.js';
import { newToken, tokenDigest } from '../lib/tokens.js';

/** What every signed-in role (reviewers, the evaluation team) stores: a person with a revocable API token's digest. */
export interface Principal {
  _id: string;
  apiTokenDigest: string;
  revokedAt?: Date;
}

/** A sign-in link or a session, keyed by its token's digest, naming its person in the role's `owner` field. */
export type AccessDoc = { _id: string; createdAt: Date; expiresAt: Date; usedAt?: Date } & Record<string, unknown>;

/**
 * One role's access collections: people, single-use sign-in links and browser sessions, the links and sessions
 * naming their person in `owner` (`reviewerId`, `memberId`). Links and sessions are keyed by their token's digest.
 */
export interface AccessStore<P extends Principal> {
  principals: Collection<P>;
  invites: Collection<AccessDoc>;
  sessions: Collection<AccessDoc>;
  owner: string;
}

/** A role's access collections: its links' and sessions' documents name their person in `owner`. */
export function accessStore<P extends Principal, I extends { _id: string }, S extends { _id: string }>(principals: Collection<P>, invites: Collection<I>, sessions: Collection<S>, owner: string): AccessStore<P> {
  return { principals, invites: invites as unknown as Collection<AccessDoc>, sessions: sessions as unknown as Collection<AccessDoc>, owner };
}

/** What an invitation shows once: the single-use sign-in link and the revocable API token. */
export interface SignInSecrets {
  url: string;
  apiToken: string;
}

/** `…/signin?token=…` under a public URL (its path kept), for a role whose sign-in page is at `path`. */
export function signInUrl(publicUrl: string, token: string, path = 'signin'): string {
  const url = urlUnder(publicUrl, path);
  url.searchParams.set('token', token);
  return url.href;
}

/** A new single-use sign-in link's token for `ownerId` (only its digest is stored); `extra` is stored with it. */
export async function issueInvite<P extends Principal>(access: AccessStore<P>, ownerId: string, ttlMs: number, now: Date, extra: Document = {}): Promise<string> {
  const token = newToken();
  await access.invites.insertOne({ _id: tokenDigest(token), [access.owner]: ownerId, ...extra, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) });
  return token;
}

/** Spends a sign-in link's token, once, for a session of `sessionTtlMs`; null when used, expired, revoked or unknown. */
export async function spendInviteToken<P extends Principal>(access: AccessStore<P>, token: string, sessionTtlMs: number, now: Date): Promise<{ sessionToken: string; principal: P; expiresAt: Date } | null> {
  const spent = await access.invites.findOneAndUpdate({ _id: tokenDigest(token), usedAt: { $exists: false }, expiresAt: { $gt: now } }, { $set: { usedAt: now } });
  if (!spent) return null;
  const principal = (await access.principals.findOne({ _id: spent[access.owner], revokedAt: { $exists: false } } as Filter<P>)) as P | null;
  if (!principal) return null;
  const sessionToken = newToken();
  const expiresAt = new Date(now.getTime() + sessionTtlMs);
  await access.sessions.insertOne({ _id: tokenDigest(sessionToken), [access.owner]: principal._id, createdAt: now, expiresAt });
  return { sessionToken, principal, expiresAt };
}

/** The person behind a session cookie or an API token, or null: expired (checked here: FerretDB has no TTL indexes), revoked or unknown alike. */
export async function authenticateWith<P extends Principal>(access: AccessStore<P>, credentials: { sessionToken?: string; apiToken?: string }, now: Date): Promise<P | null> {
  if (credentials.apiToken) return (await access.principals.findOne({ apiTokenDigest: tokenDigest(credentials.apiToken), revokedAt: { $exists: false } } as Filter<P>)) as P | null;
  if (!credentials.sessionToken) return null;
  const session = await access.sessions.findOne({ _id: tokenDigest(credentials.sessionToken) });
  if (!session || session.expiresAt <= now) return null;
  return (await access.principals.findOne({ _id: session[access.owner], revokedAt: { $exists: false } } as Filter<P>)) as P | null;
}

/** Ends a person's access at once: marks them revoked, drops their sessions and unused links; null when not active. */
export async function revokePrincipal<P extends Principal>(access: AccessStore<P>, id: string, now: Date): Promise<P | null> {
  const principal = (await access.principals.findOneAndUpdate({ _id: id, revokedAt: { $exists: false } } as Filter<P>, { $set: { revokedAt: now } } as Document)) as P | null;
  if (!principal) return null;
  await access.sessions.deleteMany({ [access.owner]: id });
  await access.invites.deleteMany({ [access.owner]: id, usedAt: { $exists: false } });
  return principal;
}

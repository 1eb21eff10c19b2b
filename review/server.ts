import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { authenticate, csrfTokenFor, spendInvite, validCsrf } from '../campaign/review-access.js';
import { CampaignFailure } from '../campaign/failures.js';
import { revealedTo } from '../campaign/review-reveal.js';
import { InvalidFilterError } from '../scoring/explorer/filters.js';
import { InvalidReviewError, NotRevealedError, recordDisagreement, submitReview, type SubmitOutcome } from '../campaign/review-submit.js';
import { assignmentView, listAssignments } from '../campaign/review-view.js';
import { notifyReviewSubmitted } from '../campaign/review-workflow.js';
import type { ReviewerDoc } from '../store/review-docs.js';
import { registerExplorer } from './explorer-routes.js';
import { registerPages } from './page-routes.js';

export const SESSION_COOKIE = 'medeval_session';

export interface ReviewServerOptions {
  db: Db;
  /** where reviewers reach the app; cookies are Secure when it is https */
  publicUrl: string;
  /** tells the review workflow of each stored review (without one, the workflow's reconciliation counts it) */
  client?: Client;
}

declare module 'fastify' {
  interface FastifyRequest {
    reviewer?: ReviewerDoc;
  }
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const bearer = (req: FastifyRequest): string | undefined => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];

/**
 * The reviewer app: its JSON API and the server-rendered pages, over the same service calls. Every answer is scoped to the signed-in reviewer's own
 * assignments by the service queries; nothing a reviewer receives names a model, nor carries a judge's verdict before their
 * own review is stored (and then only where the review reveals it).
 */
export async function reviewServer(options: ReviewServerOptions): Promise<FastifyInstance> {
  const { db } = options;
  const secure = new URL(options.publicUrl).protocol === 'https:';
  // tokens travel in bodies and headers; the request log would be the one place they could leak, so it is off
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  await app.register(cookie);
  await app.register(formbody);
  const setCookie = (reply: FastifyReply, name: string, token: string, expires: Date) => reply.setCookie(name, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires });
  const setSession = (reply: FastifyReply, token: string, expires: Date) => setCookie(reply, SESSION_COOKIE, token, expires);
  const tell = async ({ submission: s, revision }: SubmitOutcome) => {
    // stored first, then told: a refused or lost message delays the count, never loses the review; a revision
    // changes no count, so the workflow hears only of the blind submission (again on a repeat, in case it missed it)
    if (options.client && !revision) await notifyReviewSubmitted(options.client, s.reviewId, { assignmentId: s._id, reviewer: s.reviewer });
  };
  registerPages(app, db, SESSION_COOKIE, setSession, tell);
  registerExplorer(app, db, setCookie);
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(SECURITY_HEADERS);
  });

  /** Who is calling: an API token (no cookie, no CSRF) or a session cookie (CSRF on every change). */
  const signedIn = async (req: FastifyRequest, reply: FastifyReply) => {
    const apiToken = bearer(req);
    const sessionToken = apiToken ? undefined : req.cookies[SESSION_COOKIE];
    const reviewer = await authenticate(db, { ...(apiToken ? { apiToken } : {}), ...(sessionToken ? { sessionToken } : {}) });
    if (!reviewer) return reply.code(401).send({ error: 'sign in: a session cookie or an API token is needed' });
    if (sessionToken && req.method !== 'GET' && !validCsrf(sessionToken, req.headers['x-csrf-token'] as string | undefined)) {
      return reply.code(403).send({ error: 'missing or wrong X-CSRF-Token (GET /api/session gives it)' });
    }
    req.reviewer = reviewer;
  };

  app.post('/api/session', async (req, reply) => {
    const token = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') return reply.code(400).send({ error: 'token: expected the sign-in link\'s token' });
    const session = await spendInvite(db, token);
    if (!session) return reply.code(401).send({ error: 'this sign-in link was used already, has expired or was revoked; ask the coordinator for a new one' });
    setSession(reply, session.sessionToken, session.expiresAt);
    return { reviewer: { id: session.reviewer._id, name: session.reviewer.name }, csrfToken: csrfTokenFor(session.sessionToken) };
  });

  app.get('/api/session', { preHandler: signedIn }, async (req) => {
    const sessionToken = bearer(req) ? undefined : req.cookies[SESSION_COOKIE];
    return { reviewer: { id: req.reviewer!._id, name: req.reviewer!.name }, ...(sessionToken ? { csrfToken: csrfTokenFor(sessionToken) } : {}) };
  });

  app.get('/api/assignments', { preHandler: signedIn }, async (req) => ({ assignments: await listAssignments(db, req.reviewer!) }));

  // `revealed` only ever comes from revealedTo: absent before the reviewer's own submission and when the review reveals never
  const withReveal = async (req: FastifyRequest<{ Params: { id: string } }>) => {
    const revealed = await revealedTo(db, req.reviewer!, req.params.id);
    return revealed ? { revealed } : {};
  };

  app.get<{ Params: { id: string } }>('/api/assignments/:id', { preHandler: signedIn }, async (req, reply) => {
    const view = await assignmentView(db, req.reviewer!, req.params.id);
    return view ? { ...view, ...(await withReveal(req)) } : reply.code(404).send({ error: 'no such assignment' });
  });

  app.post<{ Params: { id: string } }>('/api/assignments/:id/review', { preHandler: signedIn }, async (req, reply) => {
    const outcome = await submitReview(db, req.reviewer!, req.params.id, req.body);
    if (!outcome) return reply.code(404).send({ error: 'no such assignment' });
    await tell(outcome);
    const { score, usable, comment, checklist, dimensions, submittedAt } = outcome.revision ? outcome.submission.revisions![outcome.revision - 1]! : outcome.submission;
    return reply.code(outcome.stored ? 201 : 200).send({ stored: outcome.stored, ...(outcome.revision ? { revision: outcome.revision } : {}), review: { score, usable, comment, checklist, dimensions, submittedAt }, ...(await withReveal(req)) });
  });

  app.post<{ Params: { id: string } }>('/api/assignments/:id/reason', { preHandler: signedIn }, async (req, reply) => {
    const disagreement = await recordDisagreement(db, req.reviewer!, req.params.id, req.body);
    return disagreement ? { disagreement, ...(await withReveal(req)) } : reply.code(404).send({ error: 'no such assignment' });
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    // a refused value (400) or a reason with no verdict revealed (409) and Fastify's own 4xx (a malformed JSON body,
    // too large) keep their message; anything else is ours and says less
    const status =
      err instanceof InvalidReviewError || err instanceof InvalidFilterError ? 400
      : err instanceof NotRevealedError ? 409
      : err instanceof CampaignFailure && err.kind === 'not_found' ? 404
      : err.statusCode && err.statusCode < 500 ? err.statusCode
      : 500;
    return reply.code(status).send({ error: status < 500 ? err.message : 'internal error' });
  });
  return app;
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import { campaignOverview, listExplorerCampaigns, questionList, questionView, rawJudgement } from '../campaign/explorer.js';
import { ExplorerSummaries, rebuildExplorer } from '../campaign/explorer-summary.js';
import { CampaignFailure } from '../campaign/failures.js';
import { csrfTokenFor, validCsrf } from '../campaign/review-access.js';
import { InvalidFilterError } from '../scoring/explorer/filters.js';
import { authenticateTeam, spendTeamInvite } from '../campaign/team-access.js';
import type { TeamMemberDoc } from '../store/team-docs.js';
import { campaignPage, campaignPath, campaignsPage, EXPLORER_APP, questionPage, questionsPage } from './explorer-pages.js';
import { messagePage, signInPage } from './pages.js';

/** The team's session cookie: apart from the reviewers', so a reviewer's session never opens the explorer and the other way round. */
export const TEAM_COOKIE = 'medeval_team';

type Form = Record<string, string | string[] | undefined>;
type Params = { campaign: string; question?: string; key?: string };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const bearer = (req: FastifyRequest): string | undefined => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];

interface Caller {
  member: TeamMemberDoc;
  /** the cookie session's token (absent for an API token): every change then needs its CSRF token */
  sessionToken?: string;
}

/**
 * The campaign explorer for the evaluation team: pages under `/explore` and their JSON API under `/api/explorer`, over
 * the same service calls. Only team members get in (a session cookie of their own, or their API token); a reviewer's
 * credentials are no team member's, so reviewers, who must stay blind, never reach it.
 */
export function registerExplorer(app: FastifyInstance, db: Db, setCookie: (reply: FastifyReply, name: string, token: string, expires: Date) => void): ExplorerSummaries {
  const summaries = new ExplorerSummaries(db);
  const html = (reply: FastifyReply, body: string, code = 200) => reply.code(code).type('text/html; charset=utf-8').send(body);
  const message = (reply: FastifyReply, code: number, title: string, text: string) => html(reply, messagePage(title, text, EXPLORER_APP), code);

  const caller = async (req: FastifyRequest, cookieOnly = false): Promise<Caller | null> => {
    const apiToken = cookieOnly ? undefined : bearer(req);
    const sessionToken = apiToken ? undefined : req.cookies[TEAM_COOKIE];
    const member = await authenticateTeam(db, { ...(apiToken ? { apiToken } : {}), ...(sessionToken ? { sessionToken } : {}) });
    return member ? { member, ...(sessionToken ? { sessionToken } : {}) } : null;
  };

  /** API guard: 401 without a team member's credentials, 403 for a cookie session's change without its CSRF token. */
  const api = async (req: FastifyRequest, reply: FastifyReply) => {
    const who = await caller(req);
    if (!who) return reply.code(401).send({ error: 'the explorer is for the evaluation team: a team session cookie or a team API token is needed' });
    if (who.sessionToken && req.method !== 'GET' && !validCsrf(who.sessionToken, req.headers['x-csrf-token'] as string | undefined)) {
      return reply.code(403).send({ error: 'missing or wrong X-CSRF-Token (GET /api/explorer/session gives it)' });
    }
  };

  /** A page for a signed-in team member (cookie only: pages are for browsers), with the CSRF token its forms carry. */
  const pageFor = (render: (req: FastifyRequest<{ Params: Params; Querystring: Record<string, unknown> }>, csrf: string) => Promise<string | null>) =>
    async (req: FastifyRequest<{ Params: Params; Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
      const who = await caller(req, true);
      if (!who?.sessionToken) return message(reply, 401, 'Sign in', 'Open the explorer sign-in link you were sent (medeval team invite).');
      try {
        const body = await render(req, csrfTokenFor(who.sessionToken));
        return body === null ? message(reply, 404, 'Not found', 'No such question in this campaign.') : html(reply, body);
      } catch (err) {
        if (err instanceof InvalidFilterError) return message(reply, 400, 'Refused', err.message);
        if (err instanceof CampaignFailure && err.kind === 'not_found') return message(reply, 404, 'Not found', err.message);
        throw err;
      }
    };

  /** A form post: the session and its CSRF token first. */
  const formAction = (act: (req: FastifyRequest<{ Params: Params; Body: Form }>, reply: FastifyReply) => Promise<unknown>) => async (req: FastifyRequest<{ Params: Params; Body: Form }>, reply: FastifyReply) => {
    const who = await caller(req, true);
    if (!who?.sessionToken) return message(reply, 401, 'Sign in', 'Your session has ended; open a new sign-in link.');
    if (!validCsrf(who.sessionToken, one(req.body?.csrf))) return message(reply, 403, 'Refused', 'This form is out of date; reload the page.');
    return act(req, reply);
  };

  // --- sign-in, pages
  app.get<{ Querystring: { token?: string } }>('/explore/signin', async (req, reply) =>
    req.query.token ? html(reply, signInPage(req.query.token, EXPLORER_APP, '/explore/signin')) : message(reply, 400, 'Sign in', 'Open the link you were sent.'),
  );
  app.post<{ Body: Form }>('/explore/signin', async (req, reply) => {
    const session = await spendTeamInvite(db, one(req.body?.token) ?? '');
    if (!session) return message(reply, 401, 'Sign in', 'This link was used already, has expired or was revoked; ask for a new one (medeval team invite).');
    setCookie(reply, TEAM_COOKIE, session.sessionToken, session.expiresAt);
    return reply.redirect('/explore', 303);
  });
  app.post<{ Params: Params; Body: Form }>(
    '/explore/signout',
    formAction(async (req, reply) => {
      reply.clearCookie(TEAM_COOKIE, { path: '/' });
      return message(reply, 200, 'Signed out', 'Your explorer session cookie is gone; a new sign-in link signs you in again.');
    }),
  );

  app.get('/explore', pageFor(async (_req, csrf) => campaignsPage(await listExplorerCampaigns(db), csrf)));
  app.get('/explore/c/:campaign', pageFor(async (req, csrf) => campaignPage(await campaignOverview(db, summaries, req.params.campaign), csrf)));
  app.get('/explore/c/:campaign/questions', pageFor(async (req, csrf) => questionsPage(await questionList(db, summaries, req.params.campaign, req.query), csrf)));
  app.get(
    '/explore/c/:campaign/q/:question',
    pageFor(async (req, csrf) => {
      const view = await questionView(db, req.params.campaign, req.params.question!);
      return view && questionPage(view, csrf);
    }),
  );
  app.get<{ Params: Params }>('/explore/c/:campaign/raw/:key', async (req, reply) => {
    if (!(await caller(req, true))?.sessionToken) return message(reply, 401, 'Sign in', 'Open the explorer sign-in link you were sent.');
    const raw = await rawJudgement(db, req.params.campaign, req.params.key!);
    return raw ? reply.type('text/plain; charset=utf-8').send(raw.raw ?? '(no text stored)') : message(reply, 404, 'Not found', 'No such judgement in this campaign.');
  });
  app.post<{ Params: Params; Body: Form }>(
    '/explore/c/:campaign/rebuild',
    formAction(async (req, reply) => {
      await rebuildExplorer(db, req.params.campaign);
      return reply.redirect(campaignPath(req.params.campaign), 303);
    }),
  );

  // --- the JSON API
  app.post('/api/explorer/session', async (req, reply) => {
    const token = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') return reply.code(400).send({ error: 'token: expected the sign-in link\'s token' });
    const session = await spendTeamInvite(db, token);
    if (!session) return reply.code(401).send({ error: 'this sign-in link was used already, has expired or was revoked' });
    setCookie(reply, TEAM_COOKIE, session.sessionToken, session.expiresAt);
    return { member: { id: session.member._id, name: session.member.name }, csrfToken: csrfTokenFor(session.sessionToken) };
  });
  app.get('/api/explorer/session', { preHandler: api }, async (req) => {
    const who = (await caller(req))!;
    return { member: { id: who.member._id, name: who.member.name }, ...(who.sessionToken ? { csrfToken: csrfTokenFor(who.sessionToken) } : {}) };
  });
  app.get('/api/explorer/campaigns', { preHandler: api }, async () => ({ campaigns: await listExplorerCampaigns(db) }));
  app.get<{ Params: Params }>('/api/explorer/campaigns/:campaign', { preHandler: api }, async (req) => campaignOverview(db, summaries, req.params.campaign));
  app.get<{ Params: Params; Querystring: Record<string, unknown> }>('/api/explorer/campaigns/:campaign/questions', { preHandler: api }, async (req) => questionList(db, summaries, req.params.campaign, req.query));
  app.get<{ Params: Params }>('/api/explorer/campaigns/:campaign/questions/:question', { preHandler: api }, async (req, reply) => {
    const view = await questionView(db, req.params.campaign, req.params.question!);
    return view ?? reply.code(404).send({ error: 'no such question in this campaign' });
  });
  app.get<{ Params: Params }>('/api/explorer/campaigns/:campaign/raw/:key', { preHandler: api }, async (req, reply) => {
    const raw = await rawJudgement(db, req.params.campaign, req.params.key!);
    return raw ?? reply.code(404).send({ error: 'no such judgement in this campaign' });
  });
  app.post<{ Params: Params }>('/api/explorer/campaigns/:campaign/rebuild', { preHandler: api }, async (req) => {
    const { facts, summary } = await rebuildExplorer(db, req.params.campaign);
    return { facts, builtAt: summary.builtAt, buildMs: summary.buildMs };
  });
  return summaries;
}

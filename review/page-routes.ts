import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import { authenticate, csrfTokenFor, spendInvite, validCsrf } from '../campaign/review-access.js';
import { revealedTo } from '../campaign/review-reveal.js';
import { InvalidReviewError, NotRevealedError, recordDisagreement, submitReview, type SubmitOutcome } from '../campaign/review-submit.js';
import { assignmentView, listAssignments, type AssignmentView } from '../campaign/review-view.js';
import type { ReviewerDoc } from '../store/review-docs.js';
import { assignmentsPage, messagePage, reviewPage, signInPage } from './pages.js';

const STATIC = {
  'review.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./static/review.js', import.meta.url)) },
  'review.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./static/review.css', import.meta.url)) },
  'explorer.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./static/explorer.css', import.meta.url)) },
};

type Form = Record<string, string | string[] | undefined>;
const all = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const one = (v: string | string[] | undefined) => all(v)[0];
const num = (v: string | string[] | undefined) => (one(v) === undefined || one(v) === '' ? undefined : Number(one(v)));

/** The HTML form as the JSON API's review body: checked boxes become one mark per item shown. */
function reviewBody(form: Form, view: AssignmentView): Record<string, unknown> {
  const marks = (section: 'core' | 'secondary') => {
    const checked = new Set(all(form[section]).map(Number));
    return view.checklist[section].map((_, i) => checked.has(i));
  };
  const usable = one(form.usable);
  return {
    ...(view.form === 'mtg-dimensions'
      ? { dimensions: { instruction_following: num(form.instruction_following), correctness: num(form.correctness), effectiveness: num(form.effectiveness), readability: num(form.readability), safety: num(form.safety) } }
      : { score: num(form.score) }),
    ...(usable === undefined ? {} : { usable: usable === '1' }),
    ...(one(form.comment) ? { comment: one(form.comment) } : {}),
    checklist: { core: marks('core'), secondary: marks('secondary') },
  };
}

/** The server-rendered pages over the same service calls as the API: a cookie session, CSRF on every form. */
export function registerPages(app: FastifyInstance, db: Db, cookieName: string, setSession: (reply: FastifyReply, token: string, expires: Date) => void, afterSubmit: (outcome: SubmitOutcome) => Promise<void>): void {
  const html = (reply: FastifyReply, body: string, code = 200) => reply.code(code).type('text/html; charset=utf-8').send(body);
  const signInFirst = (reply: FastifyReply) => html(reply, messagePage('Sign in', 'Open the sign-in link your coordinator sent you.'), 401);
  const notFound = (reply: FastifyReply) => html(reply, messagePage('Not found', 'No such assignment.'), 404);
  const reviewerOf = async (req: FastifyRequest) => {
    const token = req.cookies[cookieName];
    return token ? { token, reviewer: await authenticate(db, { sessionToken: token }) } : { token: undefined, reviewer: null };
  };

  app.get<{ Params: { file: string } }>('/static/:file', async (req, reply) => {
    const file = STATIC[req.params.file as keyof typeof STATIC];
    return file ? reply.type(file.type).send(file.body) : reply.code(404).send();
  });

  app.get<{ Querystring: { token?: string } }>('/signin', async (req, reply) => html(reply, req.query.token ? signInPage(req.query.token) : messagePage('Sign in', 'Open the link your coordinator sent you.'), req.query.token ? 200 : 400));

  app.post<{ Body: Form }>('/signin', async (req, reply) => {
    const session = await spendInvite(db, one(req.body?.token) ?? '');
    if (!session) return html(reply, messagePage('Sign in', 'This link was used already, has expired or was revoked; ask the coordinator for a new one.'), 401);
    setSession(reply, session.sessionToken, session.expiresAt);
    return reply.redirect('/', 303);
  });

  app.get('/', async (req, reply) => {
    const { reviewer } = await reviewerOf(req);
    if (!reviewer) return signInFirst(reply);
    return html(reply, assignmentsPage(reviewer.name, await listAssignments(db, reviewer)));
  });

  const show = async (req: FastifyRequest, reply: FastifyReply, id: string, error?: string) => {
    const { token, reviewer } = await reviewerOf(req);
    if (!reviewer || !token) return signInFirst(reply);
    const view = await assignmentView(db, reviewer, id);
    if (!view) return notFound(reply);
    const ids = (await listAssignments(db, reviewer)).map((a) => a.id);
    const index = ids.indexOf(id);
    const position = { index, total: ids.length, ...(index > 0 ? { previous: ids[index - 1]! } : {}), ...(index < ids.length - 1 ? { next: ids[index + 1]! } : {}) };
    const revealed = await revealedTo(db, reviewer, id);
    return html(reply, reviewPage(view, position, csrfTokenFor(token), { ...(error ? { error } : {}), ...(revealed ? { revealed } : {}) }), error ? 400 : 200);
  };

  app.get<{ Params: { id: string } }>('/a/:id', async (req, reply) => show(req, reply, req.params.id));

  /**
   * Every form on an assignment page: the session and its CSRF token first; `act` returns where to go next, or
   * null for an assignment that is not the reviewer's. A refused value shows the page again with the message.
   */
  const formAction = (act: (reviewer: ReviewerDoc, id: string, form: Form) => Promise<string | null>) => async (req: FastifyRequest<{ Params: { id: string }; Body: Form }>, reply: FastifyReply) => {
    const { token, reviewer } = await reviewerOf(req);
    if (!reviewer || !token) return html(reply, messagePage('Sign in', 'Your session has ended; open a new sign-in link.'), 401);
    if (!validCsrf(token, one(req.body?.csrf))) return html(reply, messagePage('Refused', 'This form is out of date; reload the page.'), 403);
    try {
      const next = await act(reviewer, req.params.id, req.body ?? {});
      return next ? reply.redirect(next, 303) : notFound(reply);
    } catch (err) {
      if (err instanceof InvalidReviewError) return show(req, reply, req.params.id, err.message);
      if (err instanceof NotRevealedError) return html(reply, messagePage('Not yet', err.message), 409);
      throw err;
    }
  };

  app.post<{ Params: { id: string }; Body: Form }>(
    '/a/:id',
    formAction(async (reviewer, id, form) => {
      const view = await assignmentView(db, reviewer, id);
      const outcome = view && (await submitReview(db, reviewer, id, reviewBody(form, view)));
      if (!outcome) return null;
      await afterSubmit(outcome);
      // a revealed verdict is shown on the answer's own page; otherwise on to the next answer to review
      if (await revealedTo(db, reviewer, id)) return `/a/${id}`;
      const next = (await listAssignments(db, reviewer)).find((a) => a.status === 'pending');
      return next ? `/a/${next.id}` : '/';
    }),
  );

  app.post<{ Params: { id: string }; Body: Form }>(
    '/a/:id/reason',
    formAction(async (reviewer, id, form) => ((await recordDisagreement(db, reviewer, id, { reason: one(form.reason), ...(one(form.note) ? { note: one(form.note) } : {}) })) ? `/a/${id}` : null)),
  );
}

import { htmlText as h } from '../lib/escape.js';
import type { Revealed } from '../campaign/review-reveal.js';
import { DISAGREEMENT_REASONS } from '../campaign/review-submit.js';
import type { AssignmentListing, AssignmentView } from '../campaign/review-view.js';

/** Which app a page belongs to: its title suffix, stylesheet and script. */
export interface PageApp {
  name: string;
  stylesheet: string;
  script?: string;
}

const REVIEW_APP: PageApp = { name: 'medeval review', stylesheet: '/static/review.css', script: '/static/review.js' };

/** Every page: no inline script or style (the CSP forbids them), one stylesheet and the app's script. */
export function page(title: string, body: string, app: PageApp = REVIEW_APP): string {
  return `<!doctype html>
<html lang="zh">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)} · ${h(app.name)}</title><link rel="stylesheet" href="${h(app.stylesheet)}">${app.script ? `<script src="${h(app.script)}" defer></script>` : ''}</head>
<body>${body}</body>
</html>
`;
}

/** The link's landing page: a button spends the token, so a link scanner's GET signs no one in. */
export function signInPage(token: string, app: PageApp = REVIEW_APP, action = '/signin'): string {
  return page('Sign in', `<main><h1>${h(app.name)}</h1><p>This link signs you in once.</p>
<form method="post" action="${h(action)}"><input type="hidden" name="token" value="${h(token)}"><button type="submit" autofocus>Sign in</button></form></main>`, app);
}

export function messagePage(title: string, message: string, app: PageApp = REVIEW_APP): string {
  return page(title, `<main><h1>${h(title)}</h1><p>${h(message)}</p></main>`, app);
}

export function assignmentsPage(name: string, items: readonly AssignmentListing[]): string {
  const done = items.filter((i) => i.status === 'submitted').length;
  const firstPending = items.find((i) => i.status === 'pending');
  const rows = items
    .map((i, n) => `<li class="${i.status}"><a href="/a/${h(i.id)}"${i === firstPending ? ' id="next"' : ''}>${n + 1}. ${h(i.category)}</a> <span>${i.status === 'submitted' ? '✓' : ''}</span></li>`)
    .join('\n');
  return page('Assignments', `<main><h1>${h(name)}</h1><p id="progress">${done} / ${items.length} reviewed</p><ol>${rows}</ol><p class="help">n: the next answer to review</p></main>`);
}

const paragraphs = (text: string) => h(text).replace(/\n/g, '<br>');

function checklistFields(section: 'core' | 'secondary', items: readonly string[]): string {
  if (items.length === 0) return '';
  const title = section === 'core' ? 'Core requirements' : 'Secondary requirements';
  const rows = items.map((item, i) => `<li><label><input type="checkbox" name="${section}" value="${i}"> met</label> ${h(item)}</li>`).join('\n');
  return `<fieldset><legend>${title}</legend><ol>${rows}</ol></fieldset>`;
}

const radios = <V extends string | number>(name: string, values: readonly V[], label: (v: V) => string) =>
  values.map((v) => `<label><input type="radio" name="${name}" value="${h(String(v))}" required> ${h(label(v))}</label>`).join(' ');

const DIMENSIONS = [
  ['instruction_following', 'Instruction following'],
  ['correctness', 'Correctness'],
  ['effectiveness', 'Effectiveness'],
  ['readability', 'Readability'],
] as const;

const yesNo = (usable: boolean) => (usable ? 'usable' : 'not usable');

/** The judge's verdict beside the reviewer's, and when they disagree the form asking why; only after their submission. */
function verdictSection(id: string, revealed: Revealed, csrf: string): string {
  const { judge, yours } = revealed;
  const judgeSays = judge.mean === null ? 'gave no valid score' : `${Number(judge.mean.toFixed(2))} of ${judge.scaleMax} (usable from ${judge.threshold}): ${yesNo(judge.usable!)}`;
  const reason = revealed.disagrees
    ? `<form method="post" action="/a/${h(id)}/reason" id="reason">
<input type="hidden" name="csrf" value="${h(csrf)}">
<fieldset><legend>You disagree on usable: why? (r)</legend>${radios('reason', Object.keys(DISAGREEMENT_REASONS) as (keyof typeof DISAGREEMENT_REASONS)[], (r) => DISAGREEMENT_REASONS[r])}</fieldset>
<label>Note (required for other) <textarea name="note" maxlength="2000" rows="2"></textarea></label>
${revealed.reasonAsked ? '' : '<p class="help">Your reason is recorded; sending another replaces it.</p>'}
<button type="submit">Send the reason</button>
</form>`
    : '';
  return `<section id="verdict"><h2>The judge's verdict</h2><p>Judge: ${h(judgeSays)}. You: ${yours.score}, ${yesNo(yours.usable)}.</p>
${reason}</section>`;
}

/**
 * One answer to review: what the reviewer may see (the view carries nothing else) and the form; once a verdict is
 * revealed, the verdict and the form again, whose submissions are kept as revisions.
 */
export function reviewPage(view: AssignmentView, position: { index: number; total: number; previous?: string; next?: string }, csrfToken: string, shown: { error?: string; revealed?: Revealed } = {}): string {
  const { error, revealed } = shown;
  const rounds = view.earlierRounds.map((r, i) => `<section class="round"><h3>Round ${i + 1}</h3><p class="q">${paragraphs(r.problem)}</p><p class="a">${paragraphs(r.answer)}</p></section>`).join('\n');
  const scoring =
    view.form === 'mtg-dimensions'
      ? `${DIMENSIONS.map(([name, label]) => `<fieldset><legend>${label} (0–5)</legend>${radios(name, [0, 1, 2, 3, 4, 5], String)}</fieldset>`).join('\n')}
<fieldset><legend>Safety</legend>${radios('safety', [1, 0], (v) => (v ? '1 safe' : '0 unsafe (vetoes the answer)'))}</fieldset>`
      : `<fieldset id="score"><legend>Score (keys 0–5)</legend>${radios('score', [0, 1, 2, 3, 4, 5], String)}</fieldset>`;
  const nav = [position.previous ? `<a href="/a/${h(position.previous)}" id="previous">← previous (p)</a>` : '', position.next ? `<a href="/a/${h(position.next)}" id="next">next (n) →</a>` : ''].join(' ');
  return page(
    `Review ${position.index + 1}`,
    `<main><p id="progress"><a href="/">assignments</a> · ${position.index + 1} / ${position.total} · ${h(view.category)} ${view.status === 'submitted' ? '· submitted' : ''} ${nav}</p>
${error ? `<p class="error" role="alert">${h(error)}</p>` : ''}
${rounds ? `<details open><summary>Earlier rounds</summary>${rounds}</details>` : ''}
<section><h2>Question</h2><p class="q">${paragraphs(view.problem)}</p></section>
<section><h2>Reference answer</h2><p>${paragraphs(view.referenceAnswer)}</p></section>
<section><h2>Answer under review</h2><p class="a" id="answer">${paragraphs(view.answer)}</p></section>
${revealed ? `${verdictSection(view.id, revealed, csrfToken)}\n<h2>Edit your review (kept as a revision; your first stays the blind review)</h2>` : ''}
<form method="post" action="/a/${h(view.id)}" id="review">
<input type="hidden" name="csrf" value="${h(csrfToken)}">
${checklistFields('core', view.checklist.core)}
${checklistFields('secondary', view.checklist.secondary)}
${scoring}
<fieldset><legend>Usable?</legend>${radios('usable', [1, 0], (v) => (v ? 'yes (y)' : 'no (x)'))}</fieldset>
<label>Comment <textarea name="comment" maxlength="5000" rows="3"></textarea></label>
<button type="submit">${revealed ? 'Save the edit' : 'Submit'} (Ctrl+Enter)</button>
</form>
<p class="help">Keys: 0–5 score, y / x usable, n / p next / previous, Ctrl+Enter submit, ${revealed?.disagrees ? 'r reason, ' : ''}? help.</p></main>`,
  );
}

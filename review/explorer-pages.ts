import { htmlText as h } from '../lib/escape.js';
import type { AnswerView, CampaignListing, CampaignOverview, JudgementView, QuestionList, QuestionView } from '../campaign/explorer.js';
import { BANDS, DISAGREEMENTS, filterQuery, type ExplorerFilters } from '../scoring/explorer/filters.js';
import type { ModelCell } from '../scoring/explorer/summary-types.js';
import { htmlTable } from '../scoring/report/html.js';
import { formatInterval, formatOptional, formatPercent } from '../scoring/report/number-format.js';
import { refinementsTable } from '../scoring/report/refinement-tables.js';
import { page, type PageApp } from './pages.js';

export const EXPLORER_APP: PageApp = { name: 'medeval explorer', stylesheet: '/static/explorer.css' };

const explorerPage = (title: string, body: string) => page(title, body, EXPLORER_APP);
const paragraphs = (text: string) => h(text).replace(/\n/g, '<br>');
const enc = encodeURIComponent;

export const campaignPath = (campaignId: string) => `/explore/c/${enc(campaignId)}`;
export const questionsPath = (campaignId: string, filters: ExplorerFilters = {}) => `${campaignPath(campaignId)}/questions${filterQuery(filters)}`;
export const questionPath = (campaignId: string, questionId: string) => `${campaignPath(campaignId)}/q/${enc(questionId)}`;
export const rawPath = (campaignId: string, key: string) => `${campaignPath(campaignId)}/raw/${enc(key)}`;

function header(csrf: string, crumbs: [string, string?][]): string {
  const trail = crumbs.map(([label, href]) => (href ? `<a href="${h(href)}">${h(label)}</a>` : h(label))).join(' › ');
  return `<header><nav>${trail}</nav><form method="post" action="/explore/signout"><input type="hidden" name="csrf" value="${h(csrf)}"><button type="submit">Sign out</button></form></header>`;
}

export function campaignsPage(list: readonly CampaignListing[], csrf: string): string {
  const rows = list
    .map((c) => {
      const ops = c.models.map((m) => `${h(m.model)} ${formatPercent(m.op)}`).join(' · ') || '—';
      return `<tr><td><a href="${h(campaignPath(c.id))}">${h(c.id)}</a></td><td>${h(c.status)}</td><td>${h(c.datasetId)}</td><td>${ops}</td></tr>`;
    })
    .join('\n');
  return explorerPage('Campaigns', `${header(csrf, [['Campaigns']])}<main><h1>Campaigns</h1>
<table id="campaigns"><thead><tr><th>Campaign</th><th>Status</th><th>Dataset</th><th>OP per model (%)</th></tr></thead><tbody>${rows}</tbody></table></main>`);
}

export function campaignPage(o: CampaignOverview, csrf: string): string {
  const s = o.summary;
  const id = s.campaignId;
  const leaderboard = s.leaderboard
    .map(
      (m) =>
        `<tr><td><a href="${h(questionsPath(id, { model: m.model }))}">${h(m.model)}</a></td>${s.categories.map((c) => `<td>${m.categories[c] ? formatPercent(m.categories[c].usability) : '—'}</td>`).join('')}<td class="op">${formatPercent(m.op)}</td><td>${formatInterval(m.ci)}</td><td>${m.usable}/${m.questions}</td><td>${m.invalid.invalid}</td></tr>`,
    )
    .join('\n');
  const categories = s.categories
    .map((c) => {
      const n = s.perCategory[c];
      const link = (label: string, count: number | undefined, filters: ExplorerFilters) => `<a href="${h(questionsPath(id, { category: c, ...filters }))}">${count ?? 0} ${label}</a>`;
      return `<tr><td><a href="${h(questionsPath(id, { category: c }))}">${h(c)}</a></td><td>${n?.questions ?? 0}</td><td>${link('flips', n?.flips, { disagreement: 'rounds' })}</td><td>${link('disagreements', n?.disagreements, { disagreement: 'physicians' })}</td><td>${link('invalid', n?.invalid, { invalid: true })}</td><td>${link('failed', n?.failed, { failed: true })}</td></tr>`;
    })
    .join('\n');
  const k = s.counts;
  return explorerPage(
    `Campaign ${id}`,
    `${header(csrf, [['Campaigns', '/explore'], [id]])}<main><h1>Campaign ${h(id)}</h1>
<p id="status">${h(o.status)} · dataset ${h(s.datasetId)} · ${k.questions} questions · ${k.generations} answers (${k.failedGenerations} failed) · ${k.judgements} verdicts stored, ${k.currentJudgements} counting (${k.invalid} without a score, ${k.failedJudgements} failed calls) · ${k.reviews} physician reviews${o.stale ? ' · <span class="badge">updating</span>' : ''}</p>
<p><a href="${h(questionsPath(id))}">All questions</a> · <a href="${h(questionsPath(id, { disagreement: 'any' }))}">Disagreements</a> · <a href="/api/explorer/campaigns/${h(enc(id))}">JSON</a></p>
<h2>Leaderboard</h2>
<table id="leaderboard"><thead><tr><th>Model</th>${s.categories.map((c) => `<th>${h(c)} %</th>`).join('')}<th>OP %</th><th>OP 95 % CI</th><th>usable</th><th>invalid</th></tr></thead><tbody>${leaderboard}</tbody></table>
<h2>Per category</h2>
<table id="categories"><thead><tr><th>Category</th><th>Questions</th><th>Judge rounds flip</th><th>Judge–physician</th><th>Invalid</th><th>Failed</th></tr></thead><tbody>${categories}</tbody></table>
${s.refinements?.length ? `<section id="refinements">${htmlTable(refinementsTable(s.refinements))}</section>` : ''}
<h2>Charts</h2><figure>${s.charts.usabilitySvg}</figure><figure>${s.charts.scoresSvg}</figure>
<form method="post" action="${h(campaignPath(id))}/rebuild"><input type="hidden" name="csrf" value="${h(csrf)}"><button type="submit">Rebuild from the stored results</button></form>
<p class="help">Summary built ${h(o.builtAt.toISOString())}.</p></main>`,
  );
}

function badges(cell: Pick<ModelCell, 'flip' | 'disagree' | 'invalid' | 'failed'>): string {
  return [
    cell.flip ? '<span class="badge flip" title="judge rounds disagree">rounds flip</span>' : '',
    cell.disagree ? '<span class="badge disagree" title="a physician disagrees with the judge">physician ≠ judge</span>' : '',
    cell.invalid > 0 ? `<span class="badge invalid" title="verdicts without a score">${cell.invalid} invalid</span>` : '',
    cell.failed > 0 ? `<span class="badge failed" title="failed calls">${cell.failed} failed</span>` : '',
  ].join('');
}

const mean = (cell: ModelCell) => (cell.mean === null ? '—' : formatOptional(cell.mean));

function select(name: string, values: readonly string[], chosen: string | undefined, all = 'any'): string {
  return `<select name="${name}"><option value="">${all}</option>${values.map((v) => `<option value="${h(v)}"${v === chosen ? ' selected' : ''}>${h(v)}</option>`).join('')}</select>`;
}

export function questionsPage(list: QuestionList, csrf: string): string {
  const { campaignId: id, models, filters: f } = list;
  const form = `<form method="get" action="${h(campaignPath(id))}/questions" id="filters">
<label>Category ${select('category', list.categories, f.category)}</label>
<label>Model ${select('model', models, f.model)}</label>
<label>Score band ${select('band', BANDS, f.band)}</label>
<label>Disagreement ${select('disagreement', DISAGREEMENTS, f.disagreement)}</label>
<label><input type="checkbox" name="failed" value="1"${f.failed ? ' checked' : ''}> failed</label>
<label><input type="checkbox" name="invalid" value="1"${f.invalid ? ' checked' : ''}> invalid</label>
<label>Search <input type="search" name="q" value="${h(f.q ?? '')}" placeholder="question id or text"></label>
<button type="submit">Filter</button></form>`;
  const rows = list.rows
    .map(
      (r) =>
        `<tr data-id="${h(r.id)}"><td><a href="${h(questionPath(id, r.id))}">${h(r.id)}</a></td><td class="problem">${h(r.problem.slice(0, 120))}</td>${r.cells.map((c) => `<td class="${c.usable ? 'usable' : 'unusable'}">${mean(c)}${badges(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return explorerPage(
    `Questions · ${id}`,
    `${header(csrf, [['Campaigns', '/explore'], [id, campaignPath(id)], ['Questions']])}<main><h1>Questions</h1>${form}
<p id="count">${list.rows.length} of ${list.total} questions${list.stale ? ' (newer results are being taken in)' : ''}</p>
<table id="questions"><thead><tr><th>Question</th><th>Text</th>${models.map((m) => `<th>${h(m)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></main>`,
  );
}

function judgementRow(campaignId: string, j: JudgementView): string {
  const verdict = j.status === 'failed' ? `call failed (${h(j.failedKind ?? 'error')})` : j.valid ? `score ${j.score}` : `invalid: ${h(j.invalidReason ?? 'no score')}`;
  const version = `template ${h(j.templateVersion ?? '?')}, checklist v${j.checklistVersion ?? 0}${j.refinementId ? `, refinement ${h(j.refinementId)}` : ''}`;
  return `<li class="judgement ${j.current ? 'current' : 'older'}"><strong>${h(j.judge)} · round ${j.judgeRound + 1}</strong> · ${verdict} · <span class="version">${version} · ${j.current ? 'current' : 'older'}</span>
<p class="rationale">${j.rationale ? paragraphs(j.rationale) : '<em>no rationale</em>'}</p><a href="${h(rawPath(campaignId, j.key))}" class="raw">raw judge text</a></li>`;
}

function answerSection(campaignId: string, a: AnswerView): string {
  const text = a.status === 'failed' ? `<p class="error">The call failed (${h(a.failedKind ?? 'error')}).</p>` : a.text !== undefined ? `<p class="a">${paragraphs(a.text)}</p>` : '<p><em>not stored</em></p>';
  const reviews = a.reviews
    .map(
      (r) =>
        `<li class="review">${h(r.reviewerName)}: score ${r.score}, ${r.usable ? 'usable' : 'not usable'}${r.latest ? ` (revised ${r.revisions}×: ${r.latest.score}, ${r.latest.usable ? 'usable' : 'not usable'})` : ''}${r.disagreement ? ` · reason: ${h(r.disagreement.reason)}${r.disagreement.note ? ` — ${h(r.disagreement.note)}` : ''}` : ''}${r.comment ? `<br>${paragraphs(r.comment)}` : ''}</li>`,
    )
    .join('');
  return `<section class="answer" data-sample="${a.sample}"><h4>Sample ${a.sample + 1}${a.version ? ` <span class="version">counts: template ${h(a.version.templateVersion)}, checklist v${a.version.checklistVersion}</span>` : ''}</h4>${text}
<ol class="judgements">${a.judgements.map((j) => judgementRow(campaignId, j)).join('\n')}</ol>${reviews ? `<h5>Physicians</h5><ul class="reviews">${reviews}</ul>` : ''}</section>`;
}

export function questionPage(v: QuestionView, csrf: string): string {
  const id = v.campaignId;
  const q = v.question;
  const conversation = v.conversation
    .map((r) => `<li${r.id === q.id ? ' class="this"' : ''}><a href="${h(questionPath(id, r.id))}">round ${r.round}</a>: ${paragraphs(r.problem)}</li>`)
    .join('\n');
  const checklists = v.checklists
    .map((c) => {
      const meta = `version ${c.version}${c.author ? ` by ${h(c.author)}` : ''}${c.reason ? ` (${h(c.reason)})` : ''} · ${c.counts ? 'counts' : 'older'}`;
      const body = `<p class="checklist">${c.checklist === null ? '<em>none</em>' : paragraphs(c.checklist)}</p>`;
      return c.counts ? `<div class="checklist-version current"><h3>Checklist, ${meta}</h3>${body}</div>` : `<details class="checklist-version"><summary>Checklist ${meta}</summary>${body}</details>`;
    })
    .join('\n');
  const models = v.models
    .map(
      (m) =>
        `<section class="model" data-model="${h(m.model)}"><h3>${h(m.model)} · mean ${mean(m.cell)} · ${m.cell.usable ? 'usable' : 'not usable'} ${badges(m.cell)}</h3>${m.answers.map((a) => answerSection(id, a)).join('\n')}</section>`,
    )
    .join('\n');
  return explorerPage(
    `${q.id} · ${id}`,
    `${header(csrf, [['Campaigns', '/explore'], [id, campaignPath(id)], [q.category, questionsPath(id, { category: q.category })], [q.id]])}<main><h1>${h(q.id)}</h1>
<p>${h(q.category)} · ${h(q.category2)} · ${h(q.scene)}${q.difficulty ? ` · ${h(q.difficulty)}` : ''} · usable from ${v.threshold}</p>
<section><h2>Conversation</h2><ol class="conversation">${conversation}</ol></section>
<section><h2>Question</h2><p class="q">${paragraphs(q.problem)}</p></section>
<section><h2>Reference answer</h2><p>${paragraphs(q.referenceAnswer)}</p></section>
<section id="checklists">${checklists}</section>
<h2>Answers and verdicts</h2>${models}</main>`,
  );
}

import type { CampaignVersions } from '../campaign/versions.js';
import type { CampaignProgress, ModelProgress, Tally } from '../campaign/progress-model.js';
import { costTotals, type CostRow } from '../scoring/report/cost.js';

const BAR_WIDTH = 24;

export function bar(t: Tally, width = BAR_WIDTH): string {
  const finished = t.done + t.failed + t.skipped;
  const filled = t.total === 0 ? width : Math.round((finished / t.total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

const tally = (t: Tally) => {
  const extra = [t.failed ? `${t.failed} failed` : '', t.skipped ? `${t.skipped} skipped` : ''].filter(Boolean).join(', ');
  return `${t.done}/${t.total}${extra ? ` (${extra})` : ''}`;
};

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function modelLines(m: ModelProgress, partlyUnpriced: boolean): string[] {
  const lines = [
    `  ${m.modelId} (${m.state}) cost ${partlyUnpriced ? '≥ ' : ''}$${m.costUsd.toFixed(4)}, ${m.cached} reused`,
    `    answers    ${bar(m.generations)} ${tally(m.generations)}`,
    `    judgements ${bar(m.judgements)} ${tally(m.judgements)}`,
  ];
  for (const [category, c] of Object.entries(m.byCategory)) {
    lines.push(`      ${category.padEnd(4)} answers ${tally(c.generations).padEnd(26)} judgements ${tally(c.judgements)}`);
  }
  return lines;
}

/** The cost as known: without pricing for some profiles it is a lower bound, without any it is unknown. */
function costText(p: CampaignProgress): string {
  if (!p.unpriced?.length) return `cost $${p.costUsd.toFixed(4)}`;
  const names = p.unpriced.join(', ');
  return p.costUsd > 0 ? `cost $${p.costUsd.toFixed(4)} + unknown (unpriced: ${names})` : `cost unknown (unpriced: ${names})`;
}

/** Cost per model under test and per judge: as billed, the realtime equivalent and the saving (batch billing). */
function costLines(rows: readonly CostRow[]): string[] {
  if (rows.length === 0) return [];
  const usd = (x: number) => `$${x.toFixed(4)}`;
  const total = costTotals(rows);
  return [
    `  cost ${usd(total.costUsd)}, realtime equivalent ${usd(total.realtimeCostUsd)}, saving ${usd(total.savingUsd)}`,
    ...rows.map((r) => `    ${r.role} ${r.id} (${r.mode}): ${r.calls} calls, ${usd(r.costUsd)} (realtime ${usd(r.realtimeCostUsd)}), ${r.inputTokens} in (${r.cachedInputTokens} cached), ${r.outputTokens} out`),
  ];
}

/**
 * A text snapshot of a campaign's progress: bars per model, per-category counts, cost and ETA. "failed" were
 * attempted and failed; "skipped" were never attempted because what they needed failed (the report says the same).
 */
export function formatProgress(p: CampaignProgress): string {
  const eta = p.etaMs !== undefined ? `, ETA ${formatDuration(p.etaMs)}` : '';
  const phase = p.phase ? ` (${p.phase}${p.reviewId ? `: \`medeval review status ${p.reviewId}\`` : ''})` : '';
  return [
    `campaign ${p.campaignId}: ${p.status}${phase}, ${p.percent.toFixed(1)} %, ${costText(p)}${eta}`,
    ...(p.error ? [`  error: ${p.error}`] : []),
    ...(p.warnings ?? []).map((w) => `  warning: ${w}`),
    ...costLines(p.costs ?? []),
    ...p.models.flatMap((m) => modelLines(m, Boolean(p.unpriced?.length))),
  ].join('\n');
}

/** A campaign's refinements, one line each: what they re-judge with, their state and counts. */
export function formatVersions(v: CampaignVersions): string {
  return [
    'refinements:',
    ...v.refinements.map((r) => {
      const what = [...r.templates.map((t) => `${t.category} template ${t.version}`), ...(r.checklists.length > 0 ? [`${r.checklists.length} checklist(s)`] : [])].join(', ');
      return `  ${r.seq}. ${r.status}: ${r.targets} answers, ${what}; ${r.judged} judged, ${r.failed} failed${r.reason ? ` (${r.reason})` : ''}`;
    }),
  ].join('\n');
}

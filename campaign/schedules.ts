import { ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleOverlapPolicy, type ScheduleSpec } from '@temporalio/client';
import { checkId, ID_MAX_LENGTH } from '../config/ids.js';
import type { ScheduleDoc, ScheduleTiming } from '../store/schedule-docs.js';
import { collections } from '../store/collections.js';
import { getDataset } from '../store/datasets.js';
import type { scheduledCampaignWorkflow } from '../workflows/scheduled-campaign.js';
import { CampaignFailure } from './failures.js';
import { ORCHESTRATION_QUEUE } from './keys.js';
import { snapshotSettings } from './settings-snapshot.js';
import { startCampaign, type ResolvedConfig, type ServiceContext } from './start.js';

/** `-yyyymmddThhmmssZ`: what a scheduled campaign's id adds to its schedule's. */
const STAMP_LENGTH = 17;
export const OVERLAP_POLICIES: Record<ScheduleTiming['overlap'], ScheduleOverlapPolicy> = { skip: 'SKIP', 'buffer-one': 'BUFFER_ONE', 'allow-all': 'ALLOW_ALL' };
/** A fire the server missed (it was down) by less than this still runs when it is back; older ones are skipped. */
const CATCHUP_WINDOW = '1 day';
const EVERY = /^([1-9][0-9]*)(s|m|h|d)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
/** Temporal's scheduler works at second resolution; a campaign every few seconds would be a loop, not a schedule. */
const MIN_EVERY_SECONDS = 10;

/** The campaign a schedule starts at its nominal time: `<schedule id>-<yyyymmddThhmmssZ>`. */
export function scheduledCampaignId(scheduleId: string, nominalTime: Date): string {
  return `${scheduleId}-${nominalTime.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')}`;
}

/** `30s`, `15m`, `6h`, `7d` → seconds; anything else is an error naming the option. */
export function everySeconds(every: string): number {
  const m = EVERY.exec(every);
  if (!m) throw new Error(`--every: expected a number and a unit s, m, h or d (e.g. 30s, 6h, 7d), got "${every}"`);
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
  if (seconds < MIN_EVERY_SECONDS) throw new Error(`--every: at least ${MIN_EVERY_SECONDS}s, got "${every}"`);
  return seconds;
}

function scheduleSpec(timing: ScheduleTiming): ScheduleSpec {
  if (Boolean(timing.cron) === Boolean(timing.every)) throw new Error('a schedule needs exactly one of --cron and --every');
  return timing.cron ? { cronExpressions: [timing.cron] } : { intervals: [{ every: everySeconds(timing.every!) * 1000 }] };
}

function checkScheduleId(scheduleId: string): string {
  checkId('schedule id', scheduleId);
  const max = ID_MAX_LENGTH - STAMP_LENGTH;
  if (scheduleId.length > max) throw new Error(`schedule id ${scheduleId}: at most ${max} characters, so its campaigns' ids (<id>-yyyymmddThhmmssZ) stay ids`);
  return scheduleId;
}

const notFound = (scheduleId: string) => new Error(`schedule ${scheduleId} does not exist (\`medeval schedule list\` shows them)`);

/**
 * A Temporal Schedule whose action starts `scheduledCampaignWorkflow`, which starts a campaign through this service
 * layer like `campaign start` and lasts as long as it (so the overlap policy sees the campaign). The config is
 * resolved and its settings snapshotted now and stored with the schedule; the dataset must exist now.
 */
export async function createSchedule(ctx: ServiceContext & { resolved: ResolvedConfig; scheduleId?: string; timing: ScheduleTiming }): Promise<{ scheduleId: string; nextRuns: Date[] }> {
  const { config } = ctx.resolved;
  const scheduleId = checkScheduleId(ctx.scheduleId ?? config.name);
  const spec = scheduleSpec(ctx.timing);
  await getDataset(ctx.db, config.dataset.name, config.dataset.version);
  const doc: ScheduleDoc = {
    _id: scheduleId,
    config,
    configFile: ctx.resolved.file,
    ...(ctx.resolved.settings ?? (await snapshotSettings(config, ctx.resolved.profiles, ctx.resolved.file))),
    timing: ctx.timing,
    createdAt: new Date(),
  };
  const { schedules } = collections(ctx.db);
  await schedules.insertOne(doc).catch((err: { code?: number }) => {
    throw err.code === 11000 ? new Error(`schedule ${scheduleId} already exists; \`medeval schedule delete ${scheduleId}\` first to replace it`) : err;
  });
  try {
    const handle = await ctx.client.schedule.create({
      scheduleId,
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: 'scheduledCampaignWorkflow' satisfies (typeof scheduledCampaignWorkflow)['name'],
        // Temporal appends each fire's nominal time: schedule/<id>-2026-12-07T03:00:00Z
        workflowId: `schedule/${scheduleId}`,
        taskQueue: ORCHESTRATION_QUEUE,
        args: [{ scheduleId }],
      },
      policies: { overlap: OVERLAP_POLICIES[ctx.timing.overlap], catchupWindow: CATCHUP_WINDOW },
    });
    return { scheduleId, nextRuns: (await handle.describe()).info.nextActionTimes.slice(0, 3) };
  } catch (err) {
    // nothing half-made: a schedule Temporal refused leaves no stored snapshot behind
    await schedules.deleteOne({ _id: scheduleId });
    if (err instanceof ScheduleAlreadyRunning) throw new Error(`schedule ${scheduleId} already exists in Temporal; \`medeval schedule delete ${scheduleId}\` first to replace it`, { cause: err });
    throw new Error(`schedule ${scheduleId} was not created: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

export interface ScheduleSummary {
  scheduleId: string;
  paused: boolean;
  note?: string;
  timing?: ScheduleTiming;
  campaignName?: string;
  nextRuns: Date[];
  /** the campaigns of its latest fires, newest last */
  recentCampaigns: string[];
}

/** medeval's schedules (those whose action is the scheduled-campaign workflow), with what each starts. */
export async function listSchedules(ctx: Pick<ServiceContext, 'db' | 'client'>): Promise<ScheduleSummary[]> {
  const docs = new Map((await collections(ctx.db).schedules.find({}).toArray()).map((d) => [d._id, d]));
  const out: ScheduleSummary[] = [];
  for await (const s of ctx.client.schedule.list()) {
    if (s.action?.type !== 'startWorkflow' || s.action.workflowType !== 'scheduledCampaignWorkflow') continue;
    const doc = docs.get(s.scheduleId);
    out.push({
      scheduleId: s.scheduleId,
      paused: s.state.paused,
      ...(s.state.note ? { note: s.state.note } : {}),
      ...(doc ? { timing: doc.timing, campaignName: doc.config.name } : {}),
      nextRuns: s.info.nextActionTimes.slice(0, 3),
      recentCampaigns: s.info.recentActions.map((a) => scheduledCampaignId(s.scheduleId, a.scheduledAt)),
    });
  }
  return out.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
}

async function withSchedule<T>(ctx: Pick<ServiceContext, 'client'>, scheduleId: string, fn: (handle: ReturnType<ServiceContext['client']['schedule']['getHandle']>) => Promise<T>): Promise<T> {
  try {
    return await fn(ctx.client.schedule.getHandle(checkId('schedule id', scheduleId)));
  } catch (err) {
    throw err instanceof ScheduleNotFoundError ? notFound(scheduleId) : err;
  }
}

/** No new fires until unpaused; a campaign it started runs on. */
export const pauseSchedule = (ctx: Pick<ServiceContext, 'client'>, scheduleId: string, note = 'paused with medeval schedule pause') =>
  withSchedule(ctx, scheduleId, (h) => h.pause(note));

export const unpauseSchedule = (ctx: Pick<ServiceContext, 'client'>, scheduleId: string, note = 'unpaused with medeval schedule unpause') =>
  withSchedule(ctx, scheduleId, (h) => h.unpause(note));

/** The schedule and its stored snapshot go; campaigns it started (and their results) stay. */
export async function deleteSchedule(ctx: Pick<ServiceContext, 'db' | 'client'>, scheduleId: string): Promise<void> {
  await withSchedule(ctx, scheduleId, (h) => h.delete());
  await collections(ctx.db).schedules.deleteOne({ _id: scheduleId });
}

/**
 * The scheduled action's step: the campaign of this fire, started from the schedule's snapshot exactly as
 * `campaign start` starts one. A retry after a start that went through finds the campaign and starts nothing.
 */
export async function startScheduledCampaign(ctx: ServiceContext, input: { scheduleId: string; nominalTime: string }): Promise<{ campaignId: string; warnings: string[] }> {
  const { schedules, campaigns } = collections(ctx.db);
  const doc = await schedules.findOne({ _id: input.scheduleId });
  if (!doc) throw new CampaignFailure('not_found', `schedule ${input.scheduleId} has no stored campaign config (deleted?)`);
  const campaignId = scheduledCampaignId(input.scheduleId, new Date(input.nominalTime));
  if (await campaigns.findOne({ _id: campaignId }, { projection: { _id: 1 } })) return { campaignId, warnings: [] };
  const resolved: ResolvedConfig = {
    config: doc.config,
    file: doc.configFile,
    profiles: doc.profiles,
    settings: { profiles: doc.profiles, templates: doc.templates, settingsHash: doc.settingsHash },
  };
  const { warnings } = await startCampaign({ ...ctx, resolved, campaignId });
  return { campaignId, warnings };
}

/** Whether a campaign's workflow still runs: RUNNING, else how it closed (COMPLETED, FAILED, CANCELLED, …). */
export async function campaignRunStatus(ctx: Pick<ServiceContext, 'client'>, campaignId: string): Promise<string> {
  return (await ctx.client.workflow.getHandle(campaignId).describe()).status.name;
}

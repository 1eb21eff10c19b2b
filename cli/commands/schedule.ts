import { Option, type Command } from 'commander';
import { withServices } from '../context.js';
import { say } from '../terminal.js';

const when = (dates: readonly Date[]) => (dates.length ? dates.map((d) => d.toISOString()).join(', ') : '—');

export function registerScheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description('campaigns on a timetable (Temporal Schedules): e.g. a weekly re-evaluation of a model endpoint');

  schedule
    .command('create')
    .description('a schedule that starts the config\'s campaign (id <schedule id>-<yyyymmddThhmmssZ> of each fire) on a cron expression or an interval; the config, profiles and templates are snapshotted now')
    .requiredOption('--config <file>', 'campaign config (YAML or JSON); resolved and stored now, so later edits do not change the schedule')
    .option('--cron <expr>', 'when, as a cron expression in UTC (e.g. "0 3 * * 1": Mondays 03:00)')
    .option('--every <duration>', 'or a fixed interval: 30s, 15m, 6h, 7d (at least 10s)')
    .option('--id <id>', 'schedule id (default: the config\'s name)')
    .addOption(new Option('--overlap <policy>', 'when a fire comes while its last campaign still runs').choices(['skip', 'buffer-one', 'allow-all']).default('skip'))
    .action(async (options: { config: string; cron?: string; every?: string; id?: string; overlap: 'skip' | 'buffer-one' | 'allow-all' }) => {
      if (Boolean(options.cron) === Boolean(options.every)) throw new Error('give exactly one of --cron and --every');
      const [{ resolveCampaignConfig }, { createSchedule }] = await Promise.all([import('../../campaign/start.js'), import('../../campaign/schedules.js')]);
      const resolved = await resolveCampaignConfig(options.config);
      const timing = { ...(options.cron ? { cron: options.cron } : { every: options.every! }), overlap: options.overlap };
      const { scheduleId, nextRuns } = await withServices((ctx) => createSchedule({ ...ctx, resolved, timing, ...(options.id ? { scheduleId: options.id } : {}) }));
      say(`schedule ${scheduleId} created (overlap: ${options.overlap}); next: ${when(nextRuns)}`);
    });

  schedule
    .command('list')
    .description('medeval\'s schedules: timing, paused or not, next fires and recent campaigns')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { listSchedules } = await import('../../campaign/schedules.js');
      const list = await withServices((ctx) => listSchedules(ctx));
      if (options.json) return say(JSON.stringify(list, null, 2));
      if (list.length === 0) return say('no schedules');
      for (const s of list) {
        const timing = s.timing ? (s.timing.cron ? `cron "${s.timing.cron}"` : `every ${s.timing.every}`) : 'timing unknown (no stored snapshot)';
        say(`${s.scheduleId}  ${s.paused ? 'PAUSED' : 'active'}  ${timing}  campaign ${s.campaignName ?? '?'}  next: ${when(s.nextRuns)}`);
        if (s.recentCampaigns.length) say(`  recent: ${s.recentCampaigns.join(', ')}`);
      }
    });

  for (const [name, verb, what] of [
    ['pause', 'pauseSchedule', 'no new fires until unpaused; running campaigns go on'],
    ['unpause', 'unpauseSchedule', 'fire again on the timetable'],
    ['delete', 'deleteSchedule', 'remove the schedule and its snapshot; the campaigns it started stay'],
  ] as const) {
    schedule
      .command(`${name} <id>`)
      .description(what)
      .action(async (id: string) => {
        const schedules = await import('../../campaign/schedules.js');
        await withServices((ctx) => schedules[verb](ctx, id));
        say(`schedule ${id}: ${name === 'delete' ? 'deleted' : `${name}d`}`);
      });
  }
}

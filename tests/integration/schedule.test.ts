import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ScheduleSummary } from '../../campaign/schedules.js';
import { collections } from '../../store/collections.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { harnessEnv, runMedeval } from '../support/cli-run.js';

let h: CampaignHarness;
runningHarness({ latencyMs: [0, 2] }, ['sim-model-a', 'sim-judge'], (harness) => (h = harness), undefined, 0);

const EVERY_S = 20;

describe('medeval schedule', () => {
  it(
    'a schedule every 20 s fires twice: two campaigns <id>-<yyyymmddThhmmssZ>, both finished, run with the config as it was at creation; list, pause, delete',
    async () => {
      const env = harnessEnv(h, mkdtempSync(path.join(os.tmpdir(), 'medeval-schedule-')));
      const { configFile } = await h.writeConfig({ models: ['sim-model-a'], samples: 1, judgeRounds: 1 });
      const id = `weekly-${Math.random().toString(36).slice(2, 8)}`;

      const bad = await runMedeval(['schedule', 'create', '--config', configFile, '--every', '5s', '--id', id], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--every: at least 10s, got "5s"');

      const created = await runMedeval(['schedule', 'create', '--config', configFile, '--every', `${EVERY_S}s`, '--id', id], env);
      expect(created.stderr).toBe('');
      expect(created.stdout).toMatch(new RegExp(`schedule ${id} created \\(overlap: skip\\); next: \\d{4}-`));
      expect(created.code).toBe(0);
      // the snapshot was taken: a later edit of the file (3 samples) changes nothing the schedule starts
      writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('samples: 1', 'samples: 3'));

      const { campaigns, generations } = collections(h.db);
      const started = async () => (await campaigns.find({}, { projection: { _id: 1 } }).toArray()).map((c) => c._id).filter((c) => c.startsWith(`${id}-`)).sort();
      let ids: string[] = [];
      for (const deadline = Date.now() + 3 * EVERY_S * 1000 + 20_000; ids.length < 2 && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 1_000));
        ids = await started();
      }
      expect(ids.length).toBeGreaterThanOrEqual(2);
      const [first, second] = ids as [string, string];
      for (const c of [first, second]) {
        expect(c).toMatch(new RegExp(`^${id}-\\d{8}T\\d{6}Z$`));
        // the campaign's document is stored a moment before its workflow starts: wait for the workflow to exist
        await vi.waitFor(() => h.client.workflow.getHandle(c).describe(), { timeout: 30_000, interval: 500 });
        expect((await h.result(c)).status).toBe('completed');
        expect(await generations.countDocuments({ campaignId: c, status: 'succeeded' })).toBe(14);
      }
      const nominal = (c: string) => Date.parse(c.slice(id.length + 1).replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
      // fires are 20 s apart; on a loaded machine a campaign may outlast one and the skip policy drops that fire
      const apart = nominal(second) - nominal(first);
      expect(apart).toBeGreaterThan(0);
      expect(apart % (EVERY_S * 1000)).toBe(0);

      const pause = await runMedeval(['schedule', 'pause', id], env);
      expect(pause.stdout.trim()).toBe(`schedule ${id}: paused`);
      const listed = JSON.parse((await runMedeval(['schedule', 'list', '--json'], env)).stdout) as ScheduleSummary[];
      const mine = listed.find((s) => s.scheduleId === id)!;
      expect(mine).toMatchObject({ paused: true, timing: { every: `${EVERY_S}s`, overlap: 'skip' }, campaignName: 'demo' });
      expect(mine.recentCampaigns).toEqual(expect.arrayContaining([first, second]));

      const described = await h.client.schedule.getHandle(id).describe();
      expect(described.policies.overlap).toBe('SKIP');
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'scheduledCampaignWorkflow', workflowId: `schedule/${id}`, args: [{ scheduleId: id }] });

      expect((await runMedeval(['schedule', 'unpause', id], env)).code).toBe(0);
      expect((await h.client.schedule.getHandle(id).describe()).state.paused).toBe(false);
      const deleted = await runMedeval(['schedule', 'delete', id], env);
      expect(deleted.stdout.trim()).toBe(`schedule ${id}: deleted`);
      expect((JSON.parse((await runMedeval(['schedule', 'list', '--json'], env)).stdout) as ScheduleSummary[]).some((s) => s.scheduleId === id)).toBe(false);
      expect(await collections(h.db).schedules.countDocuments({ _id: id })).toBe(0);
      expect(await campaigns.countDocuments({ _id: first })).toBe(1);

      const gone = await runMedeval(['schedule', 'pause', id], env);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain(`schedule ${id} does not exist`);
    },
    180_000,
  );

  it('--cron: the next fires are the expression\'s (UTC), the id defaults to the config\'s name; a bad expression or no timing is a clear error', async () => {
    const env = harnessEnv(h, mkdtempSync(path.join(os.tmpdir(), 'medeval-schedule-')));
    const name = `mondays-${Math.random().toString(36).slice(2, 8)}`;
    const { configFile } = await h.writeConfig({ sub: 'cron', name, models: ['sim-model-a'], samples: 1, judgeRounds: 1 });

    const none = await runMedeval(['schedule', 'create', '--config', configFile], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('give exactly one of --cron and --every');
    const bad = await runMedeval(['schedule', 'create', '--config', configFile, '--cron', '61 * * * *'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`schedule ${name} was not created`);
    expect(await collections(h.db).schedules.countDocuments({ _id: name })).toBe(0);

    const created = await runMedeval(['schedule', 'create', '--config', configFile, '--cron', '0 3 * * 1', '--overlap', 'buffer-one'], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`schedule ${name} created (overlap: buffer-one)`);
    const described = await h.client.schedule.getHandle(name).describe();
    expect(described.policies.overlap).toBe('BUFFER_ONE');
    expect(described.info.nextActionTimes.length).toBeGreaterThanOrEqual(3);
    for (const t of described.info.nextActionTimes) expect([t.getUTCDay(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()]).toEqual([1, 3, 0, 0]);
    const again = await runMedeval(['schedule', 'create', '--config', configFile, '--cron', '0 4 * * *'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`schedule ${name} already exists`);
    const listed = (await runMedeval(['schedule', 'list'], env)).stdout;
    expect(listed).toMatch(new RegExp(`^${name}  active  cron "0 3 \\* \\* 1"  campaign ${name}  next: `, 'm'));
    expect((await runMedeval(['schedule', 'delete', name], env)).code).toBe(0);
  });
});

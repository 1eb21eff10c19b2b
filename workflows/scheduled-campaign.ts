import { sleep, workflowInfo } from '@temporalio/workflow';
import { orchestrationActivities } from './activity-options.js';

/** How often the campaign's state is looked at: soon at first, then every few minutes (a few events per look). */
const FIRST_LOOK_MS = 5_000;
const LAST_LOOK_MS = 5 * 60_000;
/** Temporal names a scheduled run `<action workflow id>-<nominal time, RFC 3339>`. */
const NOMINAL_SUFFIX = /-(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)$/;

/**
 * A schedule's action: starts the campaign of this fire through the service layer (an activity, as `campaign
 * start` does) and lasts until the campaign ends, so the schedule's overlap policy (skip by default) sees a
 * campaign still running. The nominal time comes from the workflow id (deterministic); a run started by hand
 * without one uses its start time.
 */
export async function scheduledCampaignWorkflow(input: { scheduleId: string }): Promise<{ campaignId: string; status: string }> {
  const { startScheduledCampaign, campaignRunStatus } = orchestrationActivities();
  const info = workflowInfo();
  const nominalTime = NOMINAL_SUFFIX.exec(info.workflowId)?.[1] ?? info.startTime.toISOString();
  const { campaignId } = await startScheduledCampaign({ scheduleId: input.scheduleId, nominalTime });
  for (let wait = FIRST_LOOK_MS; ; wait = Math.min(wait * 2, LAST_LOOK_MS)) {
    const status = await campaignRunStatus({ campaignId });
    if (status !== 'RUNNING') return { campaignId, status };
    await sleep(wait);
  }
}

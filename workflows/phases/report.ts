import { upsertSearchAttributes } from '@temporalio/workflow';
import { percentOf } from '../../campaign/progress-model.js';
import type { CampaignReportSummary } from '../../campaign/report.js';
import { orchestrationActivities } from '../activity-options.js';
import type { CampaignState } from '../campaign-handlers.js';
import { ProgressAttr, StatusAttr } from '../search-attributes.js';

/** Phase 3: aggregate the stored scores into the report, stored in MongoDB for any machine to fetch. */
export async function report(state: CampaignState): Promise<{ status: 'completed' | 'cancelled'; report: CampaignReportSummary }> {
  state.phase = 'report';
  const activities = orchestrationActivities('10 minutes');
  const status = state.cancelled ? 'cancelled' : 'completed';
  await activities.setCampaignStatus({ campaignId: state.campaignId, status });
  const summary = await activities.writeCampaignReport({ campaignId: state.campaignId });
  upsertSearchAttributes([
    { key: StatusAttr, value: status },
    { key: ProgressAttr, value: Math.round(percentOf([...state.progress.values()]) * 10) / 10 },
  ]);
  return { status, report: summary };
}

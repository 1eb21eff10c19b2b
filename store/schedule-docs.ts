import type { CampaignConfig } from '../config/campaign.js';
import type { ProviderProfile } from '../providers/profiles.js';
import type { StoredTemplate } from './campaign-docs.js';

/** When a schedule fires: a cron expression or a fixed interval (as given), and what to do when a run is still going. */
export interface ScheduleTiming {
  cron?: string;
  every?: string;
  overlap: 'skip' | 'buffer-one' | 'allow-all';
}

/**
 * A schedule's campaign, resolved and snapshotted when the schedule was created (profiles name key variables,
 * never keys): every campaign it starts runs exactly this, whatever the files say by then.
 */
export interface ScheduleDoc {
  _id: string;
  config: CampaignConfig;
  configFile: string;
  profiles: Record<string, ProviderProfile>;
  templates: StoredTemplate[];
  settingsHash: string;
  timing: ScheduleTiming;
  createdAt: Date;
}

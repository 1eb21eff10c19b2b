import type { Db } from 'mongodb';
import { CampaignContexts } from './campaign-context.js';
import { CampaignControl } from './campaign-control.js';
import { createCampaignStateActivities } from './campaign-state.js';
import { createCallActivities } from './calls.js';
import { createDatasetActivities } from './dataset.js';
import { createReportActivities } from './report.js';

export interface ActivityDeps {
  db: Db;
  /** where API keys are read from (never passed through Temporal) */
  env?: NodeJS.ProcessEnv;
  /** folder that campaign reports are written under */
  reportsDir?: string;
}

/** Every activity the workers register, built from their dependencies (no globals, so tests can wire their own). */
export function createActivities(deps: ActivityDeps) {
  const contexts = new CampaignContexts(deps.db, deps.env);
  const control = new CampaignControl(deps.db);
  return {
    ...createDatasetActivities(deps.db),
    ...createCallActivities({ db: deps.db, contexts, control }),
    ...createCampaignStateActivities({ db: deps.db, contexts }),
    ...createReportActivities({ db: deps.db, reportsDir: deps.reportsDir }),
  };
}

export type Activities = ReturnType<typeof createActivities>;

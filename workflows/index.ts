// The worker bundles this file: every workflow type is exported from here.
export { campaignWorkflow } from './campaign.js';
export { datasetSummaryWorkflow } from './dataset-summary.js';
export { modelRunWorkflow } from './model-run.js';
export { rejudgeWorkflow } from './rejudge.js';
export { reviewWorkflow } from './review.js';
export { scheduledCampaignWorkflow } from './scheduled-campaign.js';

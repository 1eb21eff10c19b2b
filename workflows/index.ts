// The worker bundles this file: every workflow type is exported from here.
export { datasetSummaryWorkflow } from './dataset-summary.js';

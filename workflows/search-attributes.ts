import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes for the Temporal UI. Plaintext on the server: ids, names and numbers only. */
export const CampaignIdAttr = defineSearchAttributeKey('MedevalCampaignId', SearchAttributeType.KEYWORD);
export const DatasetAttr = defineSearchAttributeKey('MedevalDataset', SearchAttributeType.KEYWORD);
export const ModelAttr = defineSearchAttributeKey('MedevalModel', SearchAttributeType.KEYWORD);
export const StatusAttr = defineSearchAttributeKey('MedevalStatus', SearchAttributeType.KEYWORD);
export const ProgressAttr = defineSearchAttributeKey('MedevalProgress', SearchAttributeType.DOUBLE);

export const SEARCH_ATTRIBUTES = [CampaignIdAttr, DatasetAttr, ModelAttr, StatusAttr, ProgressAttr];

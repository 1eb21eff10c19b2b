/**
 * A new version of one question's checklist, written by a person for a reason; the imported question keeps the
 * original (version 0), and nothing is edited in place. `_id` is `<datasetId>/<questionId>/v<version>`, so two
 * authors racing for the same version store one of them.
 */
export interface ChecklistVersionDoc {
  _id: string;
  datasetId: string;
  questionId: string;
  version: number;
  checklist: string;
  contentHash: string;
  author: string;
  reason: string;
  createdAt: Date;
}

/** What `campaign rejudge` was asked to re-judge, as given. */
export interface RefinementRequest {
  categories?: string[];
  questionIds?: string[];
  /** answers whose physicians' reviews disagree with the judge's verdict */
  disagreements?: boolean;
  /** answers whose question has a newer checklist version than their judgements used */
  checklists?: boolean;
  /** the template directory given, as the user named it (its texts are in `templates`) */
  templatesDir?: string;
}

/**
 * One refinement of a campaign: a targeted re-judge of the answers it names, with newer judge templates and/or
 * checklist versions, stored as new judgements under new keys beside the old ones. `_id` is
 * `<campaignId>/refinement/<seq>`; the answers' generation keys are in `refinement_targets` pages.
 */
export interface RefinementDoc {
  _id: string;
  campaignId: string;
  /** 1, 2, …; the campaign's own judging is 0 */
  seq: number;
  request: RefinementRequest;
  /** the templates it judges with, for the categories whose template it changes */
  templates: { category: string; key: string; id: string; version: string; text: string }[];
  /** the checklist version per question it judges against anew (a list: question ids are no field names) */
  checklists: { questionId: string; version: number }[];
  /** how many answers it re-judges */
  targets: number;
  /** how many pages of targets (`<_id>/p<n>`, n from 0) */
  pages: number;
  /** over the versions and targets: the same refinement asked for again is found, not made twice */
  contentHash: string;
  author: string;
  reason?: string;
  createdAt: Date;
  status: RefinementStatus;
  /** re-judged calls so far (answers × judges × rounds): stored (new or found) and failed; set as the re-judge runs */
  judged?: number;
  failed?: number;
  updatedAt?: Date;
}

export type RefinementStatus = 'running' | 'done' | 'cancelled' | 'failed';

/**
 * One version of a judge template, stored by `refine templates`: `_id` is the version (the content hash of the
 * file text, as `parseJudgeTemplate` computes it), so the same text twice is one document and nothing is edited.
 */
export interface JudgeTemplateDoc {
  _id: string;
  /** category/language/mode, as template sets key it */
  key: string;
  /** the file name without `.md` */
  id: string;
  category: string;
  text: string;
  author: string;
  reason?: string;
  createdAt: Date;
}

/** A page of a refinement's targets: generation keys, in a fixed order. `_id` is `<refinementId>/p<n>`. */
export interface RefinementTargetsDoc {
  _id: string;
  refinementId: string;
  page: number;
  generationKeys: string[];
}

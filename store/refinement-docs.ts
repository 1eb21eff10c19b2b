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

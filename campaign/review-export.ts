import { extname } from 'node:path';
import type { Db } from 'mongodb';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { physicianUsable } from '../scoring/agreement/review-rows.js';
import { judgeDecision } from '../scoring/agreement/reviewed-item.js';
import { csvText } from '../scoring/report/csv.js';
import type { SamplingCandidate } from '../scoring/sampling/types.js';
import { collections } from '../store/collections.js';
import type { ReviewItemDoc, ReviewSubmissionDoc } from '../store/review-docs.js';
import { loadReviewData } from './review-agreement.js';

export const REVIEW_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ReviewExportFormat = (typeof REVIEW_EXPORT_FORMATS)[number];

const EXTENSIONS: Record<string, ReviewExportFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/** The format asked for, else the one the file's extension names; an error saying how to choose otherwise. */
export function reviewExportFormat(out: string, format?: string): ReviewExportFormat {
  if (format !== undefined) {
    const known = REVIEW_EXPORT_FORMATS.find((f) => f === format);
    if (!known) throw new Error(`--format must be one of ${REVIEW_EXPORT_FORMATS.join(', ')}, got "${format}"`);
    return known;
  }
  const byExtension = EXTENSIONS[extname(out).toLowerCase()];
  if (!byExtension) throw new Error(`cannot tell the format of ${out} from its extension: name it .csv, .jsonl or .ndjson, or give --format csv|jsonl`);
  return byExtension;
}

/** One submission (review × reviewer) with its answer's sample facts and the judge's verdict; JSONL keeps it typed. */
export interface ReviewExportRow {
  review_id: string;
  reviewer_id: string;
  reviewer_name: string | null;
  assignment_id: string;
  answer_id: string;
  category: string;
  question_id: string | null;
  model: string | null;
  sample: number | null;
  stratum: string | null;
  reason_sampled: string | null;
  inclusion_probability: number | null;
  /** `current`: the campaign's scores under its current templates (what agreement uses); `sampled`: the verdict stored at sampling */
  judge_source: 'current' | 'sampled' | null;
  judge_mean: number | null;
  judge_usable: boolean | null;
  physician_score: number;
  /** what the physician ticked */
  physician_usable: boolean;
  /** the decision agreement compares: for MTG with dimensions their total ≥ 5 */
  physician_usable_used: boolean;
  instruction_following: number | null;
  correctness: number | null;
  effectiveness: number | null;
  readability: number | null;
  safety: number | null;
  checklist_core_met: string | null;
  checklist_secondary_met: string | null;
  /** the marks as the page showed the items, compact JSON */
  checklist: string | null;
  comment: string | null;
  disagreement_reason: string | null;
  disagreement_note: string | null;
  revisions: number;
  submitted_at: string;
}

const met = (marks: readonly boolean[] | undefined) => (marks ? `${marks.filter(Boolean).length}/${marks.length}` : null);

function judgeVerdict(candidate: SamplingCandidate | undefined, item: ReviewItemDoc | undefined): Pick<ReviewExportRow, 'judge_source' | 'judge_mean' | 'judge_usable'> {
  if (candidate) {
    const { mean, usable } = judgeDecision(candidate.judgeScores, candidate.threshold);
    return { judge_source: 'current', judge_mean: mean, judge_usable: usable };
  }
  if (item?.judge) return { judge_source: 'sampled', judge_mean: item.judge.mean, judge_usable: item.judge.usable };
  return { judge_source: null, judge_mean: null, judge_usable: null };
}

/** The export's rows, in submission order (then assignment id); pure. */
export function reviewExportRows(
  submissions: readonly ReviewSubmissionDoc[],
  items: ReadonlyMap<string, ReviewItemDoc>,
  candidates: ReadonlyMap<string, SamplingCandidate>,
  reviewerNames: ReadonlyMap<string, string>,
): ReviewExportRow[] {
  const ordered = [...submissions].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  return ordered.map((s) => {
    const item = items.get(s.answerId);
    const d = s.dimensions;
    return {
      review_id: s.reviewId,
      reviewer_id: s.reviewer,
      reviewer_name: reviewerNames.get(s.reviewer) ?? null,
      assignment_id: s._id,
      answer_id: s.answerId,
      category: s.category,
      question_id: item?.questionId ?? null,
      model: item?.model ?? null,
      sample: item?.sample ?? null,
      stratum: item?.stratum ?? null,
      reason_sampled: item?.reason ?? null,
      inclusion_probability: item?.inclusionProbability ?? null,
      ...judgeVerdict(candidates.get(s.answerId), item),
      physician_score: s.score,
      physician_usable: s.usable,
      physician_usable_used: physicianUsable(s),
      instruction_following: d?.instructionFollowing ?? null,
      correctness: d?.correctness ?? null,
      effectiveness: d?.effectiveness ?? null,
      readability: d?.readability ?? null,
      safety: d?.safety ?? null,
      checklist_core_met: met(s.checklist?.core),
      checklist_secondary_met: met(s.checklist?.secondary),
      checklist: s.checklist ? JSON.stringify(s.checklist) : null,
      comment: s.comment ?? null,
      disagreement_reason: s.disagreement?.reason ?? null,
      disagreement_note: s.disagreement?.note ?? null,
      revisions: s.revisions?.length ?? 0,
      submitted_at: s.submittedAt.toISOString(),
    };
  });
}

const COLUMNS: readonly (keyof ReviewExportRow)[] = [
  'review_id', 'reviewer_id', 'reviewer_name', 'assignment_id', 'answer_id', 'category', 'question_id', 'model', 'sample', 'stratum', 'reason_sampled',
  'inclusion_probability', 'judge_source', 'judge_mean', 'judge_usable', 'physician_score', 'physician_usable', 'physician_usable_used',
  'instruction_following', 'correctness', 'effectiveness', 'readability', 'safety', 'checklist_core_met', 'checklist_secondary_met', 'checklist',
  'comment', 'disagreement_reason', 'disagreement_note', 'revisions', 'submitted_at',
];

const cell = (value: ReviewExportRow[keyof ReviewExportRow]): string | number => (value === null ? '' : typeof value === 'boolean' ? String(value) : value);

/**
 * The rows as a file: CSV with a header (every stored string through the report's CSV writer, so `=…` stays text) or
 * JSONL, one JSON object a line (JSON escapes every string it holds).
 */
export function reviewExportText(rows: readonly ReviewExportRow[], format: ReviewExportFormat): string {
  if (format === 'jsonl') return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  return csvText([COLUMNS, ...rows.map((row) => COLUMNS.map((c) => cell(row[c])))]);
}

export interface ReviewExportOutcome {
  out: string;
  format: ReviewExportFormat;
  rows: number;
}

/** Writes a review's submissions, one row per reviewer and answer (pending assignments have none), atomically. */
export async function exportReview(db: Db, options: { reviewId: string; out: string; format?: string }): Promise<ReviewExportOutcome> {
  const format = reviewExportFormat(options.out, options.format);
  const data = await loadReviewData(db, options.reviewId);
  const reviewers = await collections(db).reviewers.find({ reviewId: options.reviewId }).toArray();
  const rows = reviewExportRows(data.submissions, new Map(data.items.map((i) => [i.answerId, i])), data.candidates, new Map(reviewers.map((r) => [r._id, r.name])));
  await writeFileAtomically(options.out, reviewExportText(rows, format));
  return { out: options.out, format, rows: rows.length };
}

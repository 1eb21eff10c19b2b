import { describe, expect, it } from 'vitest';
import { reviewExportFormat, reviewExportRows, reviewExportText } from '../../../campaign/review-export.js';
import type { ReviewItemDoc, ReviewSubmissionDoc } from '../../../store/review-docs.js';

const ITEM: ReviewItemDoc = {
  _id: 'r/m/MTG-1-1/0', reviewId: 'r', answerId: 'm/MTG-1-1/0', model: 'm', questionId: 'MTG-1-1', sample: 0, category: 'MTG', stratum: 'MTG|m|high', reason: 'audit', inclusionProbability: 0.25,
  judge: { scores: [6], mean: 6, usable: true, threshold: 5, scaleMax: 7 },
};
const submission = (id: string, submittedAt: string, extra: Partial<ReviewSubmissionDoc> = {}): ReviewSubmissionDoc => ({
  _id: id, reviewId: 'r', answerId: ITEM.answerId, reviewer: 'rv1', category: 'MTG', score: 4, usable: true, submittedAt: new Date(submittedAt),
  dimensions: { instructionFollowing: 4, correctness: 4, effectiveness: 3, readability: 3, safety: 1 }, ...extra,
});

describe('review export', () => {
  it('takes the format from --format, else from the extension, and refuses what it cannot tell', () => {
    expect(reviewExportFormat('a/b.CSV')).toBe('csv');
    expect(reviewExportFormat('b.ndjson')).toBe('jsonl');
    expect(reviewExportFormat('b.txt', 'jsonl')).toBe('jsonl');
    expect(() => reviewExportFormat('b.txt')).toThrow(/cannot tell the format of b\.txt.*--format csv\|jsonl/);
    expect(() => reviewExportFormat('b.csv', 'xlsx')).toThrow(/--format must be one of csv, jsonl, got "xlsx"/);
  });

  it('has a row per submission in submission order, with the sample facts, both physician decisions and what came after', () => {
    const later = submission('a2', '2026-01-02T00:00:00Z', {
      comment: '=HYPERLINK("x") <script>',
      checklist: { core: [true, false, true], secondary: [false] },
      revisions: [{ score: 5, usable: true, submittedAt: new Date() }],
      disagreement: { reason: 'judge-too-lenient', note: 'n', at: new Date() },
    });
    const rows = reviewExportRows([later, submission('a1', '2026-01-01T00:00:00Z')], new Map([[ITEM.answerId, ITEM]]), new Map(), new Map([['rv1', 'Dr. A']]));
    expect(rows.map((r) => r.assignment_id)).toEqual(['a1', 'a2']);
    // no current score: the verdict stored at sampling; the 4/4/3/3 dimensions total 4, so not usable though ticked
    expect(rows[1]).toMatchObject({
      reviewer_name: 'Dr. A', question_id: 'MTG-1-1', reason_sampled: 'audit', inclusion_probability: 0.25, judge_source: 'sampled', judge_mean: 6, judge_usable: true,
      physician_score: 4, physician_usable: true, physician_usable_used: false, safety: 1, checklist_core_met: '2/3', checklist_secondary_met: '0/1',
      checklist: '{"core":[true,false,true],"secondary":[false]}', disagreement_reason: 'judge-too-lenient', revisions: 1, submitted_at: '2026-01-02T00:00:00.000Z',
    });
    const [header, , second] = reviewExportText(rows, 'csv').split('\n');
    expect(header!.split(',')).toHaveLength(31);
    expect(second).toContain(`,"'=HYPERLINK(""x"") <script>",judge-too-lenient,n,1,2026-01-02T00:00:00.000Z`);
    const lines = reviewExportText(rows, 'jsonl').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.comment).toBe('=HYPERLINK("x") <script>');
    expect(lines[0]!.comment).toBeNull();
  });
});

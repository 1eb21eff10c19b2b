import type { CostPart } from '../scoring/report/cost.js';
import type { StoredVerdict } from '../store/campaign-records.js';
import type { ReportPageData } from './report-page-fold.js';

/**
 * A page's aggregate as one JSON string: FerretDB v1 decodes a document field by field, so 78,000 verdicts as
 * objects would cost seconds to read where one string per page costs milliseconds. Verdicts are tuples, their
 * answers' keys listed once per page; a bigint cost sum is a decimal string. Absent fields are `null` and come
 * back absent.
 */
type VerdictTuple = [
  questionId: string,
  category: string,
  groupCode: number | string,
  round: number | string,
  model: string,
  sample: number,
  judge: string,
  judgeRound: number,
  status: StoredVerdict['status'],
  valid: boolean | null,
  score: number | null,
  invalidReason: string | null,
  templateVersion: string | null,
  checklistVersion: number | null,
  answer: number,
  failedKind: string | null,
];

interface PackedPage {
  answers: string[];
  verdicts: VerdictTuple[];
  failures: ReportPageData['failures'];
  cost: (Omit<CostPart, 'cost' | 'realtimeCost'> & { cost: string; realtimeCost: string })[];
  simulated: boolean;
}

export function packReportPage(data: ReportPageData): string {
  const answers = new Map<string, number>();
  const answerOf = (key: string) => {
    if (!answers.has(key)) answers.set(key, answers.size);
    return answers.get(key)!;
  };
  const verdicts = data.verdicts.map((v): VerdictTuple => [
    v.questionId, v.category, v.groupCode, v.round, v.model, v.sample, v.judge, v.judgeRound, v.status,
    v.valid ?? null, v.score ?? null, v.invalidReason ?? null, v.templateVersion ?? null, v.checklistVersion ?? null,
    answerOf(v.generationKey), v.failedKind ?? null,
  ]);
  const packed: PackedPage = {
    answers: [...answers.keys()],
    verdicts,
    failures: data.failures,
    cost: data.cost.map((c) => ({ ...c, cost: c.cost.toString(), realtimeCost: c.realtimeCost.toString() })),
    simulated: data.simulated,
  };
  return JSON.stringify(packed);
}

const present = <K extends string, V>(key: K, value: V | null): { [k in K]?: V } => (value === null ? {} : ({ [key]: value } as { [k in K]: V }));

export function unpackReportPage(text: string): ReportPageData {
  const packed = JSON.parse(text) as PackedPage;
  return {
    verdicts: packed.verdicts.map(([questionId, category, groupCode, round, model, sample, judge, judgeRound, status, valid, score, invalidReason, templateVersion, checklistVersion, answer, failedKind]) => ({
      questionId,
      category: category as StoredVerdict['category'],
      groupCode,
      round: round as StoredVerdict['round'],
      model,
      sample,
      judge,
      judgeRound,
      status,
      ...present('valid', valid),
      ...present('score', score),
      ...present('invalidReason', invalidReason),
      ...present('templateVersion', templateVersion),
      ...present('checklistVersion', checklistVersion),
      generationKey: packed.answers[answer]!,
      ...present('failedKind', failedKind),
    })),
    failures: packed.failures,
    cost: packed.cost.map((c) => ({ ...c, cost: BigInt(c.cost), realtimeCost: BigInt(c.realtimeCost) })),
    simulated: packed.simulated,
  };
}

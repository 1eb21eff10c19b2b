/** Where a record's question sits: its id and the fields that breakdowns group by. */
export interface RecordPlacement {
  questionId: string;
  /** a category code (MK, MR, MLU, MSE, MTG), or a scored file's own category key when it is none of the five */
  category: string;
  groupCode: number | string;
  /** the turn index within the conversation (1 for single-turn questions); text where a scored file wrote it so */
  round: number | string;
  category2?: string;
  scene?: string;
  difficulty?: string;
}

/**
 * One judge verdict on one answer: the unit every aggregate is computed from. A campaign stores these; the seed
 * reader makes them from the LLMEval-Med repository's scored files.
 */
export interface ScoreRecord extends RecordPlacement {
  /** the model under test */
  model: string;
  /** which of the model's sampled answers to this question (0-based) */
  sample: number;
  /** the judge model, when a panel of judges is used */
  judge?: string;
  /** which repetition of judging the same answer (0-based) */
  judgeRound: number;
  /** null when the judge gave no valid score (invalid output, failed call, missing): never read as 0 */
  score: number | null;
  /** why `score` is null, for reports */
  invalidReason?: string;
  templateVersion?: string;
  /** the checklist version judged against (absent: 0, as imported) */
  checklistVersion?: number;
  /** the stored answer judged (campaign records only): refinements re-judge answers, so versions are chosen per answer */
  generationKey?: string;
}

/** What aggregation needs to know about a question; `Question` from the dataset satisfies it. */
export type QuestionMeta = Omit<RecordPlacement, 'questionId'> & { id: string };

/** A question's placement for its records; optional fields only where the question has them. */
export function placementOf(q: QuestionMeta): RecordPlacement {
  return {
    questionId: q.id,
    category: q.category,
    groupCode: q.groupCode,
    round: q.round,
    ...(q.category2 !== undefined ? { category2: q.category2 } : {}),
    ...(q.scene !== undefined ? { scene: q.scene } : {}),
    ...(q.difficulty ? { difficulty: q.difficulty } : {}),
  };
}

/** Why a failed judge call has no score: it counts as invalid (never 0), told apart from an unreadable verdict. */
export const failedCallReason = (kind: string | undefined): string => `call failed: ${kind ?? 'error'}`;

export const isFailedCall = (record: Pick<ScoreRecord, 'invalidReason'>): boolean => record.invalidReason?.startsWith('call failed: ') ?? false;

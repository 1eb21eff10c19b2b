/**
 * Deterministic keys of paid calls. The same inputs always give the same key, so a stored result is found again
 * after any retry, crash, replay or growth of a campaign, and the call is never paid twice.
 */
export function generationKey(campaignId: string, modelId: string, questionId: string, sample: number): string {
  return `${campaignId}/${modelId}/${questionId}/s${sample}`;
}

/**
 * A judge-only campaign scores another campaign's answers: its judgements carry its own id so they stay its own.
 * A refined checklist is part of what is judged against, so its version is part of the key; the imported checklist
 * (version 0) adds nothing, which keeps every key stored before checklists had versions valid.
 */
export function judgementKey(campaignId: string, generation: string, judgeId: string, templateVersion: string, judgeRound: number, checklistVersion = 0): string {
  const base = generation.startsWith(`${campaignId}/`) ? generation : `${campaignId}/from/${generation}`;
  return `${base}/judge/${judgeId}/${templateVersion}${checklistVersion > 0 ? `+c${checklistVersion}` : ''}/r${judgeRound}`;
}

/** Task queue of a provider profile: rate limits are per profile, so each profile's calls queue separately. */
export function providerQueue(profile: string): string {
  return `medeval-provider-${profile}`;
}

export const ORCHESTRATION_QUEUE = 'medeval';

export const modelRunWorkflowId = (campaignId: string, modelId: string) => `${campaignId}/model/${modelId}`;

/** A refinement (targeted re-judge) of a campaign: its document and its workflow, numbered from 1. */
export const refinementId = (campaignId: string, seq: number) => `${campaignId}/refinement/${seq}`;
export const rejudgeWorkflowId = (campaignId: string, seq: number) => `${campaignId}/rejudge/${seq}`;

/**
 * Conversations per report page (a model's conversations in plan order, 50 at a time). A page is what one activity
 * folds (about 50 × samples × (1 + judges × rounds) lookups by `_id`, ~700 at 3 samples and 3 rounds: about a
 * second on FerretDB) and what a report reads in one document (tens of KB); 50 keeps both small and the
 * paper-scale campaign at 14 pages a model.
 */
export const REPORT_PAGE_CONVERSATIONS = 50;

export const reportPageId = (campaignId: string, modelId: string, page: number): string => `${campaignId}/${modelId}/p${page}`;
export const reportPageCount = (conversations: number): number => Math.ceil(conversations / REPORT_PAGE_CONVERSATIONS);
/** The pages wholly within conversations [0, end): the ones a model run has finished once `end` of them are done. */
export const pagesBefore = (end: number): number => Math.floor(end / REPORT_PAGE_CONVERSATIONS);

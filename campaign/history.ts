import type { Collection, Db, Filter } from 'mongodb';
import { questionId as makeQuestionId, type Question } from '../dataset/schema.js';
import type { Turn } from '../providers/messages.js';
import type { GenerationDoc, JudgementDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { questionOf, type CampaignContext } from './context.js';
import { CampaignFailure } from './failures.js';

/**
 * The stored result under `key` if it succeeded. The filter is the key alone on purpose: FerretDB's SQLite backend
 * (the local store) hands a filter to SQLite only when it is `_id` alone; with any other field it decodes and tests
 * every stored document itself, so each call got slower as the campaign grew (scripts/bench-overhead.ts shows it).
 */
export async function succeeded<T extends GenerationDoc | JudgementDoc>(collection: Collection<T>, key: string, projection?: Record<string, 1>): Promise<T | null> {
  const doc = (await collection.findOne({ _id: key } as Filter<T>, projection ? { projection: { ...projection, status: 1 } } : {})) as T | null;
  return doc?.status === 'succeeded' ? doc : null;
}

/** The earlier rounds of one sampled conversation: each round's question and this sample's stored answer. */
export async function conversationHistory(db: Db, context: CampaignContext, generationKeyOf: (questionId: string) => string, question: Question): Promise<Turn[]> {
  const turns: Turn[] = [];
  for (let round = 1; round < question.round; round += 1) {
    const earlier = questionOf(context, makeQuestionId(question.category, question.groupCode, round));
    const answer = await succeeded(collections(db).generations, generationKeyOf(earlier.id));
    if (!answer?.text) throw new CampaignFailure('history_missing', `round ${round} of ${question.category}-${question.groupCode} has no answer`);
    turns.push({ question: earlier.problem, answer: answer.text });
  }
  return turns;
}

import { CATEGORY_CODES, type CategoryCode } from './categories.js';
import { conversationId, type Question } from './schema.js';

export interface Conversation {
  id: string;
  category: CategoryCode;
  /** question ids in round order */
  questionIds: string[];
}

export interface ConversationFilters {
  categories?: readonly string[];
  questionIds?: readonly string[];
  maxConversations?: number;
}

/**
 * The conversations a campaign runs, in file order (category order, then the first round's position). A question
 * filter keeps whole conversations, because a later round cannot be asked without the earlier ones.
 */
export function planConversations(questions: readonly Question[], filters: ConversationFilters = {}): Conversation[] {
  const byId = new Map<string, { category: CategoryCode; index: number; rounds: Question[] }>();
  for (const q of questions) {
    const id = conversationId(q.category, q.groupCode);
    const entry = byId.get(id) ?? { category: q.category, index: q.index, rounds: [] };
    entry.index = Math.min(entry.index, q.index);
    entry.rounds.push(q);
    byId.set(id, entry);
  }
  const wanted = filters.questionIds ? new Set(filters.questionIds) : undefined;
  const list = [...byId]
    .filter(([, c]) => !filters.categories || filters.categories.includes(c.category))
    .filter(([, c]) => !wanted || c.rounds.some((q) => wanted.has(q.id)))
    .sort(([, a], [, b]) => CATEGORY_CODES.indexOf(a.category) - CATEGORY_CODES.indexOf(b.category) || a.index - b.index)
    .map(([id, c]) => ({ id, category: c.category, questionIds: c.rounds.sort((x, y) => x.round - y.round).map((q) => q.id) }));
  return filters.maxConversations ? list.slice(0, filters.maxConversations) : list;
}

/**
 * Why a campaign's filters would silently shrink it: question ids the dataset does not have, a category it does
 * not contain, or nothing selected at all. Empty when the filters are fine.
 */
export function filterProblems(questions: readonly Question[], filters: ConversationFilters = {}): string[] {
  const problems: string[] = [];
  const ids = new Set(questions.map((q) => q.id));
  const unknown = (filters.questionIds ?? []).filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((id) => JSON.stringify(id)).join(', ');
    problems.push(`filters.questionIds: ${unknown.length} id(s) name no question of the dataset: ${shown}${unknown.length > 5 ? ', …' : ''}`);
  }
  const present = new Set(questions.map((q) => q.category));
  const missing = (filters.categories ?? []).filter((c) => !present.has(c as CategoryCode));
  if (missing.length > 0) problems.push(`filters.categories: the dataset has no questions in ${missing.join(', ')}`);
  if (planConversations(questions, filters).length === 0) problems.push('the filters select no question: the campaign would run nothing');
  return problems;
}

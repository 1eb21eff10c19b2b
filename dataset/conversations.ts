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

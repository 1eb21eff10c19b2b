import { CATEGORIES, type CategoryCode } from './categories.js';
import { conversationId, type Question } from './schema.js';

export interface Counts {
  questions: number;
  conversations: number;
}

/** Counts per category code, in canonical category order, then `total`. */
export type DatasetSummary = Record<CategoryCode | 'total', Counts>;

export function summarize(questions: readonly Question[]): DatasetSummary {
  const summary = {} as DatasetSummary;
  const allConversations = new Set<string>();
  for (const { code } of CATEGORIES) {
    const inCategory = questions.filter((q) => q.category === code);
    const conversations = new Set(inCategory.map((q) => conversationId(q.category, q.groupCode)));
    for (const id of conversations) allConversations.add(id);
    summary[code] = { questions: inCategory.length, conversations: conversations.size };
  }
  summary.total = { questions: questions.length, conversations: allConversations.size };
  return summary;
}

/** A plain-text table; the Chinese name comes last because its double-width characters would break padding. */
export function formatSummaryTable(summary: DatasetSummary): string {
  const row = (code: string, questions: string, conversations: string, name: string) =>
    `${code.padEnd(6)}${questions.padStart(9)}${conversations.padStart(15)}  ${name}`.trimEnd();
  const counts = (code: string, { questions, conversations }: Counts, name = '') =>
    row(code, String(questions), String(conversations), name);
  const lines = [row('code', 'questions', 'conversations', 'category')];
  for (const { code, name } of CATEGORIES) lines.push(counts(code, summary[code], name));
  lines.push(counts('total', summary.total));
  return lines.join('\n');
}

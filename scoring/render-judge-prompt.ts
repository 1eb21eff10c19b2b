import type { Question } from '../dataset/schema.js';
import { neutraliseFenceMarkers } from './answer-fence.js';
import { coreRequirements, parseChecklist } from './checklist.js';
import type { JudgeTemplate } from './judge-template.js';
import { renderTemplateSyntax } from './template-syntax.js';

/** One earlier turn of a multi-turn conversation: what the user asked and what the model under test answered. */
export interface ConversationTurn {
  question: string;
  answer: string;
}

export interface RenderedJudgePrompt {
  system: string;
  user: string;
  templateId: string;
  templateVersion: string;
}

export type JudgedQuestion = Pick<Question, 'problem' | 'sanswer' | 'checklist'>;

const HISTORY_LABELS: Record<string, { user: (turn: number) => string; model: (turn: number) => string }> = {
  zh: { user: (n) => `【第${n}轮·用户】`, model: (n) => `【第${n}轮·被评模型】` },
  en: { user: (n) => `[Turn ${n} · user]`, model: (n) => `[Turn ${n} · model under test]` },
};

function formatHistory(history: readonly ConversationTurn[], language: string): string {
  const labels = HISTORY_LABELS[language] ?? HISTORY_LABELS.en!;
  return history.map((turn, i) => `${labels.user(i + 1)}\n${turn.question.trim()}\n${labels.model(i + 1)}\n${turn.answer.trim()}`).join('\n\n');
}

function numbered(items: readonly string[]): string {
  return items.map((item, i) => `${i + 1}. ${item}`).join('\n');
}

/**
 * Fills a judge template for one answer. Every inserted value goes through `neutraliseFenceMarkers` (answers and
 * earlier answers are untrusted; the dataset text costs nothing to treat the same way) and rendering is a single
 * pass, so nothing inside a value is substituted.
 */
export function renderJudgePrompt(
  template: JudgeTemplate,
  question: JudgedQuestion,
  history: readonly ConversationTurn[],
  answer: string,
): RenderedJudgePrompt {
  const checklist = parseChecklist(question.checklist);
  const core = coreRequirements(checklist);
  const raw: Record<string, string> = {
    question: question.problem.trim(),
    history: formatHistory(history, template.language),
    reference_answer: question.sanswer.trim(),
    checklist: core.length + checklist.secondary.length > 0 ? (question.checklist ?? '').trim() : '',
    checklist_core: numbered(core),
    checklist_secondary: numbered(checklist.secondary),
    answer: answer.trim(),
  };
  const values = Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, neutraliseFenceMarkers(value)]));
  return {
    system: renderTemplateSyntax(template.system, values).trim(),
    user: renderTemplateSyntax(template.user, values).trim(),
    templateId: template.id,
    templateVersion: template.version,
  };
}

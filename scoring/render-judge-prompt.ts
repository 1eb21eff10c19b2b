import type { Question } from '../dataset/schema.js';
import { neutraliseFenceMarkers } from './answer-fence.js';
import { coreRequirements, parseChecklist, type ParsedChecklist } from './checklist.js';
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

/** What an answer is graded against: the core and secondary requirements, and where they were written. */
export interface JudgingRequirements {
  source: 'checklist' | 'reference' | 'none';
  text: string;
  parsed: ParsedChecklist;
}

/**
 * The question's checklist; where it has none but its reference answer is itself written as 核心需求 / 次要需求
 * sections (every MSE item of the public set), the reference answer's requirements, so that core and secondary
 * requirements weigh the same way in every category. A reference answer without such headings stays a reference.
 */
export function judgingRequirements(question: JudgedQuestion): JudgingRequirements {
  const checklist = parseChecklist(question.checklist);
  if (coreRequirements(checklist).length + checklist.secondary.length > 0) return { source: 'checklist', text: (question.checklist ?? '').trim(), parsed: checklist };
  const reference = parseChecklist(question.sanswer);
  if (reference.core.length + reference.secondary.length > 0) return { source: 'reference', text: question.sanswer.trim(), parsed: reference };
  return { source: 'none', text: '', parsed: checklist };
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
  const requirements = judgingRequirements(question);
  const raw: Record<string, string> = {
    question: question.problem.trim(),
    history: formatHistory(history, template.language),
    reference_answer: question.sanswer.trim(),
    checklist: requirements.text,
    checklist_core: numbered(coreRequirements(requirements.parsed)),
    checklist_secondary: numbered(requirements.parsed.secondary),
    reference_is_checklist: requirements.source === 'reference' ? 'yes' : '',
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

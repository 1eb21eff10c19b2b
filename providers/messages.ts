import type { ChatMessage } from './contract.js';

export interface Turn {
  question: string;
  answer: string;
}

/**
 * A multi-round conversation as chat messages: each earlier round as a user question and the model's own
 * answer, then the current question. The system prompt is not a message here: OpenAI takes it as a `system`
 * message and Anthropic as a separate parameter, so each implementation places it.
 */
export function buildMessages(history: readonly Turn[], current: string): ChatMessage[] {
  return [
    ...history.flatMap((turn): ChatMessage[] => [
      { role: 'user', content: turn.question },
      { role: 'assistant', content: turn.answer },
    ]),
    { role: 'user', content: current },
  ];
}

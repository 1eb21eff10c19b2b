/**
 * Removes the reasoning that some servers (vLLM without a reasoning parser, DeepSeek-R1 distills) leave inside
 * the answer: `<think>…</think>` blocks, or everything up to a lone `</think>` when the chat template already
 * opened the block in the prompt. An unclosed `<think>` means the model never reached its answer: nothing remains.
 */
export function stripReasoning(text: string): string {
  let out = text.replace(/<think>[\s\S]*?<\/think>/g, '');
  const loneClose = out.indexOf('</think>');
  if (loneClose >= 0) out = out.slice(loneClose + '</think>'.length);
  const unclosed = out.indexOf('<think>');
  if (unclosed >= 0) out = out.slice(0, unclosed);
  return out.trim();
}

/**
 * The answer under test is fenced between these markers in every judge prompt. Judges are told that the fenced
 * text is data, and the fake provider finds judge prompts by the opening marker.
 */
export const ANSWER_FENCE_OPEN = '<<<ANSWER_UNDER_TEST>>>';
export const ANSWER_FENCE_CLOSE = '<<<END_ANSWER_UNDER_TEST>>>';

/**
 * Makes inserted text unable to close (or fake) a fence: every run of three or more `<` or `>` becomes the same
 * number of full-width angle brackets. Every marker needs an ASCII `<<<`, so no marker can survive, and the
 * judge still reads the text as written.
 */
export function neutraliseFenceMarkers(text: string): string {
  return text.replace(/<{3,}|>{3,}/g, (run) => (run[0] === '<' ? '＜' : '＞').repeat(run.length));
}

/** Replaces each of `names` (case-insensitive, longest first) in `text` with `mask`: an answer naming its own model
 * must not tell a blind reviewer which model wrote it. */
export function maskNames(text: string, names: readonly string[], mask = '[model]'): string {
  const terms = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  if (terms.length === 0) return text;
  const pattern = new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
  return text.replace(pattern, mask);
}

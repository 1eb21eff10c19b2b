/**
 * Campaign, review and model ids are names, not paths: they become workflow ids, keys, queue names and folder
 * names, so one pattern holds for all of them and is checked before anything is written or started.
 */
export const ID_MAX_LENGTH = 128;
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const ID_RULE = `letters, digits, ".", "_" and "-", starting with a letter or digit, at most ${ID_MAX_LENGTH} characters`;

/** A value as an error may show it: quoted, control characters escaped, cut to a readable length. */
export function shownValue(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return `${JSON.stringify(cut)}${value.length > max ? ` (${value.length} characters)` : ''}`;
}

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Returns the id, or throws an error that says which id and what an id may be. */
export function checkId(what: string, value: string): string {
  if (!isValidId(value)) throw new Error(`${what} ${shownValue(String(value))} is not a valid id: ${ID_RULE}`);
  return value;
}

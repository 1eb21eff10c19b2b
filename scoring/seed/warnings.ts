const SHOWN = 3;

/**
 * Warnings about one kind of thing in one file are folded into one line with the first few places and a count,
 * so that a file whose every item says "Hard" gives one line, not hundreds.
 */
export class SeedWarnings {
  private readonly groups = new Map<string, { file: string; message: string; places: string[] }>();

  add(file: string, message: string, place?: string): void {
    const key = JSON.stringify([file, message]);
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { file, message, places: [] }));
    if (place !== undefined) group.places.push(place);
  }

  lines(): string[] {
    return [...this.groups.values()].map(({ file, message, places }) => {
      if (places.length === 0) return `${file}: ${message}`;
      if (places.length === 1) return `${file}: ${places[0]}: ${message}`;
      const shown = places.slice(0, SHOWN).join(', ');
      const more = places.length > SHOWN ? ` and ${places.length - SHOWN} more` : '';
      return `${file}: ${places.length} items (${shown}${more}): ${message}`;
    });
  }
}

/**
 * Splits an LLMEval-Med checklist into its core and secondary requirements. The physicians wrote these by hand,
 * so the parser accepts the variants found in the data: `核心需求：`, `一、核心需求`, with or without a (full- or
 * half-width) colon, English `Core requirements:`, items numbered `1.` `1、` `（1）` `①` or bulleted, items that
 * run over several lines, and a section that is just `无` ("none").
 */

export interface ParsedChecklist {
  core: string[];
  secondary: string[];
  /** items found before any heading; the rubric treats them as core (see `coreRequirements`) */
  unsectioned: string[];
}

type Section = keyof ParsedChecklist;

// Optional ordinal ("一、", "1.", "I."), optional decoration (markdown emphasis, 【】), the heading word, then either
// the end of the line or a colon with optional inline content. Requiring the colon or the line end keeps an item
// such as "核心需求是…" from being taken for a heading.
const HEADING =
  /^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．)）]|[IVX]+[.)])?\s*[*#【[]*\s*(核心需求|次要需求|core\s+requirements?|secondary\s+requirements?)\s*[*】\]]*\s*(?:[:：]\s*(.*))?$/i;
const ITEM_START = /^(?:\d+\s*[.．、)）](?!\d)|[（(]\d+[)）]|[①-⑳]|[-–•·*●▪◦])\s*/;
const NOTHING = /^(?:无|没有|none|n\/a)[。.]?$/i;

function sectionOf(word: string): Section {
  return word.startsWith('核心') || /^core/i.test(word) ? 'core' : 'secondary';
}

/** Turns the lines of one section into items: numbered/bulleted lines start items, other lines continue them. */
function itemsOf(lines: readonly string[]): string[] {
  // A section without any numbering is a plain list, one item per line.
  if (!lines.some((l) => ITEM_START.test(l))) return lines.filter((l) => !NOTHING.test(l));
  const items: string[] = [];
  for (const line of lines) {
    if (ITEM_START.test(line) || items.length === 0) items.push(line.replace(ITEM_START, ''));
    else items[items.length - 1] += ` ${line}`;
  }
  return items.map((i) => i.trim()).filter((i) => i !== '' && !NOTHING.test(i));
}

export function parseChecklist(text: string | null | undefined): ParsedChecklist {
  const lines: Record<Section, string[]> = { core: [], secondary: [], unsectioned: [] };
  let section: Section = 'unsectioned';
  for (const raw of (text ?? '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const heading = HEADING.exec(line);
    if (heading) {
      section = sectionOf(heading[1]!);
      if (heading[2]?.trim()) lines[section].push(heading[2].trim());
    } else {
      lines[section].push(line);
    }
  }
  return { core: itemsOf(lines.core), secondary: itemsOf(lines.secondary), unsectioned: itemsOf(lines.unsectioned) };
}

/** The requirements a judge must treat as core: the core section plus any items that had no heading. */
export function coreRequirements(checklist: ParsedChecklist): string[] {
  return [...checklist.core, ...checklist.unsectioned];
}

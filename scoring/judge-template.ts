import { parse as parseYaml } from 'yaml';
import { CATEGORY_CODES, type CategoryCode } from '../dataset/categories.js';
import { ANSWER_FENCE_CLOSE, ANSWER_FENCE_OPEN } from './answer-fence.js';
import { shortHash } from '../lib/content-hash.js';
import { JUDGE_MODES, judgeModeSpec } from './judge-modes/index.js';
import { countValueUses, parseTemplateSyntax, renderTemplateSyntax, type TemplateNode } from './template-syntax.js';

/** A judge mode's name (see judge-modes/): `score`, `mtg-dimensions`. */
export type JudgeMode = string;

/** The names a template may use, as `{{name}}` or as a section `{{#name}}…{{/name}}`. */
export const TEMPLATE_VALUE_NAMES: ReadonlySet<string> = new Set([
  'question',
  'history',
  'reference_answer',
  'checklist',
  'checklist_core',
  'checklist_secondary',
  'reference_is_checklist',
  'answer',
]);

export interface JudgeTemplate {
  /** the file name without `.md`, e.g. `judge-MK.zh` */
  id: string;
  file: string;
  /** first 12 hex digits of the sha256 of the file text: any edit is a new version */
  version: string;
  category: CategoryCode;
  language: string;
  mode: JudgeMode;
  system: TemplateNode[];
  user: TemplateNode[];
}

const SYSTEM_MARK = '<!-- system -->';
const USER_MARK = '<!-- user -->';
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;
const FENCED_ANSWER = new RegExp(`${ANSWER_FENCE_OPEN}[ \\t]*\\r?\\n\\{\\{\\s*answer\\s*\\}\\}[ \\t]*\\r?\\n${ANSWER_FENCE_CLOSE}`);

function field(meta: Record<string, unknown>, name: string, file: string): string {
  const value = meta[name];
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${file}: front matter field "${name}" is missing`);
  return value.trim();
}

/**
 * Reads a template file's text. Layout: YAML front matter (`category`, `language`, `mode`), then the system
 * prompt after a `<!-- system -->` line and the user prompt after a `<!-- user -->` line.
 */
export function parseJudgeTemplate(text: string, file: string): JudgeTemplate {
  const front = FRONT_MATTER.exec(text);
  if (!front) throw new Error(`${file}: missing front matter (--- category/language/mode ---)`);
  const meta: unknown = parseYaml(front[1]!);
  if (typeof meta !== 'object' || meta === null) throw new Error(`${file}: front matter is not a mapping`);
  const record = meta as Record<string, unknown>;
  const category = field(record, 'category', file);
  if (!(CATEGORY_CODES as readonly string[]).includes(category)) {
    throw new Error(`${file}: front matter field "category" is "${category}", expected one of ${CATEGORY_CODES.join(', ')}`);
  }
  const language = field(record, 'language', file);
  const mode = field(record, 'mode', file);
  if (!(JUDGE_MODES as readonly string[]).includes(mode)) {
    throw new Error(`${file}: front matter field "mode" is "${mode}", expected one of ${JUDGE_MODES.join(', ')}`);
  }

  const systemAt = text.indexOf(SYSTEM_MARK);
  const userAt = text.indexOf(USER_MARK);
  if (systemAt === -1 || userAt === -1 || userAt < systemAt) {
    throw new Error(`${file}: expected a "${SYSTEM_MARK}" line followed by a "${USER_MARK}" line`);
  }
  const userText = text.slice(userAt + USER_MARK.length).replace(/^\r?\n/, '');
  const system = parseTemplateSyntax(text.slice(systemAt + SYSTEM_MARK.length, userAt).trim(), TEMPLATE_VALUE_NAMES, `${file} (system)`);
  const user = parseTemplateSyntax(userText, TEMPLATE_VALUE_NAMES, `${file} (user)`);

  // The fence is what keeps the answer from being read as instructions, so a template without it is refused.
  if (countValueUses(system, 'answer') + countValueUses(user, 'answer') !== 1 || !FENCED_ANSWER.test(userText)) {
    throw new Error(`${file}: the user prompt must contain {{answer}} exactly once, alone on a line between ${ANSWER_FENCE_OPEN} and ${ANSWER_FENCE_CLOSE} lines`);
  }
  // a template must ask for the fields its mode reads, or every verdict would be invalid
  // (in either prompt: the shipped templates put the contract in the system prompt, the static, cacheable prefix)
  const missing = judgeModeSpec(mode).contractFields.filter((f) => !text.slice(systemAt).includes(`"${f}"`));
  if (missing.length > 0) throw new Error(`${file}: a ${mode} template must ask for the output field(s) ${missing.map((f) => `"${f}"`).join(', ')}`);
  const id = file.replace(/^.*[\\/]/, '').replace(/\.md$/, '');
  return { id, file, version: shortHash(text), category: category as CategoryCode, language, mode, system, user };
}

/**
 * The part of a judge's prompt that is the same for every answer it grades (the system prompt, when it uses no
 * value), sent first so providers can cache it; undefined when the system prompt varies.
 */
export function staticPrefix(template: Pick<JudgeTemplate, 'system'>): string | undefined {
  return template.system.every((node) => node.kind === 'text') ? renderTemplateSyntax(template.system, {}).trim() : undefined;
}

/** Templates are looked up by category + language + mode; a template set holds at most one per key. */
export type TemplateSet = ReadonlyMap<string, JudgeTemplate>;

export function templateKey(category: CategoryCode, language: string, mode: JudgeMode): string {
  return `${category}/${language}/${mode}`;
}

/**
 * Builds a set from groups of templates (e.g. the built-in directory, then a user's files). A key may appear once
 * per group; a later group replaces an earlier one's template for that key, which is how user templates override.
 */
export function buildTemplateSet(groups: readonly (readonly JudgeTemplate[])[]): TemplateSet {
  const set = new Map<string, JudgeTemplate>();
  for (const group of groups) {
    const seen = new Map<string, string>();
    for (const template of group) {
      const key = templateKey(template.category, template.language, template.mode);
      const clash = seen.get(key);
      if (clash) throw new Error(`${template.file}: template for ${key} is already given by ${clash}`);
      seen.set(key, template.file);
      set.set(key, template);
    }
  }
  return set;
}

export function selectTemplate(set: TemplateSet, category: CategoryCode, language: string, mode: JudgeMode): JudgeTemplate {
  const template = set.get(templateKey(category, language, mode));
  if (!template) {
    throw new Error(`no judge template for ${templateKey(category, language, mode)} (available: ${[...set.keys()].join(', ') || 'none'})`);
  }
  return template;
}

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORY_CODES } from '../../../dataset/categories.js';
import { buildTemplateSet, parseJudgeTemplate, selectTemplate } from '../../../scoring/judge-template.js';
import { BUILTIN_TEMPLATE_DIR, loadTemplates } from '../../../scoring/template-loader.js';

const template = (front: string, user = '<<<ANSWER_UNDER_TEST>>>\n{{answer}}\n<<<END_ANSWER_UNDER_TEST>>>\nReply with {"score": <0-5>}.\n') =>
  `---\n${front}\n---\n<!-- system -->\nYou grade.\n<!-- user -->\nQ: {{question}}\n${user}`;
const MK_EN = 'category: MK\nlanguage: en\nmode: score';

describe('parseJudgeTemplate', () => {
  it('reads front matter, both prompts and a content-hash version', () => {
    const text = template(MK_EN);
    const t = parseJudgeTemplate(text, '/x/judge-MK.en.md');
    expect(t).toMatchObject({ id: 'judge-MK.en', category: 'MK', language: 'en', mode: 'score' });
    expect(t.version).toBe(createHash('sha256').update(text).digest('hex').slice(0, 12));
    expect(parseJudgeTemplate(`${text} `, 'f.md').version).not.toBe(t.version);
  });

  it('refuses a template whose answer is not fenced', () => {
    expect(() => parseJudgeTemplate(template(MK_EN, '{{answer}}\n'), 'bad.md')).toThrow(/bad\.md: the user prompt must contain \{\{answer\}\} exactly once/);
    expect(() =>
      parseJudgeTemplate(template(MK_EN, '<<<ANSWER_UNDER_TEST>>>\n{{answer}}\n<<<END_ANSWER_UNDER_TEST>>>\nagain {{answer}}\n'), 'twice.md'),
    ).toThrow(/exactly once/);
  });

  it('refuses bad front matter and missing markers, naming the file and field', () => {
    expect(() => parseJudgeTemplate(template('category: XX\nlanguage: en\nmode: score'), 'c.md')).toThrow(/c\.md: front matter field "category" is "XX"/);
    expect(() => parseJudgeTemplate(template('category: MK\nmode: score'), 'l.md')).toThrow(/l\.md: front matter field "language" is missing/);
    expect(() => parseJudgeTemplate(template('category: MK\nlanguage: en\nmode: rank'), 'm.md')).toThrow(/"mode" is "rank"/);
    expect(() => parseJudgeTemplate('no front matter', 'n.md')).toThrow(/n\.md: missing front matter/);
    expect(() => parseJudgeTemplate(template(MK_EN).replace('<!-- system -->', ''), 's.md')).toThrow(/s\.md: expected a "<!-- system -->"/);
  });

  it('requires a template to ask for the output fields its mode reads', () => {
    expect(() => parseJudgeTemplate(template('category: MTG\nlanguage: en\nmode: mtg-dimensions'), 'd.md')).toThrow(
      'd.md: a mtg-dimensions template must ask for the output field(s) "instruction_following", "correctness", "effectiveness", "readability", "safety"',
    );
    expect(() => parseJudgeTemplate(template(MK_EN).replace('{"score": <0-5>}', 'a number'), 'e.md')).toThrow('e.md: a score template must ask for the output field(s) "score"');
  });
});

describe('template sets', () => {
  it('ships a template per category and language, plus the MTG dimension pair', async () => {
    const set = await loadTemplates();
    for (const category of CATEGORY_CODES) {
      for (const language of ['zh', 'en']) expect(selectTemplate(set, category, language, 'score').category).toBe(category);
    }
    expect(selectTemplate(set, 'MTG', 'zh', 'mtg-dimensions').id).toBe('judge-MTG-dimensions.zh');
    expect(set.size).toBe(12);
  });

  it('names what is available when a template is missing', async () => {
    const set = await loadTemplates();
    expect(() => selectTemplate(set, 'MK', 'fr', 'score')).toThrow(/no judge template for MK\/fr\/score \(available: .*MK\/zh\/score/);
  });

  it('lets a user file override one built-in template, and refuses two templates for one key in one source', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medeval-templates-'));
    const mine = join(dir, 'my-MK.en.md');
    await writeFile(mine, template(MK_EN));
    const set = await loadTemplates([BUILTIN_TEMPLATE_DIR, mine]);
    expect(selectTemplate(set, 'MK', 'en', 'score').file).toBe(mine);
    expect(selectTemplate(set, 'MK', 'zh', 'score').id).toBe('judge-MK.zh');

    await writeFile(join(dir, 'other-MK.en.md'), template(MK_EN));
    await expect(loadTemplates(dir)).rejects.toThrow(/other-MK\.en\.md: template for MK\/en\/score is already given by .*my-MK\.en\.md/);
  });

  it('builds sets from parsed templates without touching files', async () => {
    const builtin = join(BUILTIN_TEMPLATE_DIR, 'judge-MR.en.md');
    const t = parseJudgeTemplate(await readFile(builtin, 'utf8'), builtin);
    expect(selectTemplate(buildTemplateSet([[t]]), 'MR', 'en', 'score')).toBe(t);
  });
});

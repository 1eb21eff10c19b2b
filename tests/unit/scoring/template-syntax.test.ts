import { describe, expect, it } from 'vitest';
import { countValueUses, parseTemplateSyntax, renderTemplateSyntax } from '../../../scoring/template-syntax.js';

const NAMES = new Set(['a', 'b', 'answer']);
const render = (text: string, values: Record<string, string>) => renderTemplateSyntax(parseTemplateSyntax(text, NAMES, 't.md'), values);

describe('template syntax', () => {
  it('substitutes values', () => {
    expect(render('x {{a}} y {{ b }}', { a: '1', b: '2' })).toBe('x 1 y 2');
  });

  it('keeps a section when its value is non-blank and an inverted one when it is blank', () => {
    const text = '{{#a}}has {{a}}{{/a}}{{^a}}none{{/a}}';
    expect(render(text, { a: 'x' })).toBe('has x');
    expect(render(text, { a: '  ' })).toBe('none');
    expect(render(text, {})).toBe('none');
  });

  it('removes the whole line of a section tag that stands alone on it', () => {
    const text = 'top\n{{#a}}\nA: {{a}}\n{{/a}}\n  {{^a}}  \nno a\n{{/a}}\nend';
    expect(render(text, { a: '1' })).toBe('top\nA: 1\nend');
    expect(render(text, { a: '' })).toBe('top\nno a\nend');
  });

  it('nests sections', () => {
    expect(render('{{#a}}[{{#b}}{{b}}{{/b}}]{{/a}}', { a: '1', b: '2' })).toBe('[2]');
    expect(render('{{#a}}[{{#b}}{{b}}{{/b}}]{{/a}}', { a: '1', b: '' })).toBe('[]');
  });

  it('never substitutes inside inserted values', () => {
    expect(render('{{answer}}', { answer: '{{a}} {{#a}}x{{/a}}', a: 'SECRET' })).toBe('{{a}} {{#a}}x{{/a}}');
  });

  it('rejects unknown names, unbalanced sections and stray braces, naming file and line', () => {
    expect(() => parseTemplateSyntax('ok\n{{nope}}', NAMES, 't.md')).toThrow(/t\.md:2: unknown placeholder "nope"/);
    expect(() => parseTemplateSyntax('{{#a}}x', NAMES, 't.md')).toThrow(/t\.md:1: section "a" is never closed/);
    expect(() => parseTemplateSyntax('{{#a}}x{{/b}}', NAMES, 't.md')).toThrow(/closes \{\{#a\}\}/);
    expect(() => parseTemplateSyntax('x\n\n{{a}', NAMES, 't.md')).toThrow(/t\.md:3: malformed placeholder/);
  });

  it('counts value uses, inside sections too', () => {
    expect(countValueUses(parseTemplateSyntax('{{a}}{{#b}}{{a}}{{/b}}{{^a}}{{/a}}', NAMES, 't'), 'a')).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { maskNames } from '../../../lib/mask-names.js';

describe('maskNames', () => {
  it.each([
    ['As GPT-4o, I suggest…', ['gpt-4o'], 'As [model], I suggest…'],
    ['我是DeepSeek-Chat，deepseek-chat 建议', ['deepseek-chat'], '我是[model]，[model] 建议'],
    ['claude-sonnet-4 or claude', ['claude', 'claude-sonnet-4'], '[model] or [model]'],
    ['a.b? a+b', ['a.b', 'a+b'], '[model]? [model]'],
    ['nothing to hide', [], 'nothing to hide'],
    ['x marks', ['x', ' '], 'x marks'],
  ])('%s', (text, names, expected) => {
    expect(maskNames(text, names)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { categoryCodeOf } from '../../../dataset/categories.js';
import { readSeedJson } from '../../../dataset/read-json.js';
import type { SeedFile, SeedItem } from '../../../dataset/schema.js';
import { buildMessages } from '../../../providers/messages.js';
import { requireSharedDataset } from '../../support/shared-dataset.js';


function expectAlternating(messages: { role: string }[]): void {
  messages.forEach((m, i) => expect(m.role).toBe(i % 2 === 0 ? 'user' : 'assistant'));
}

describe('buildMessages', () => {
  it('a first round is the question alone', () => {
    expect(buildMessages([], 'Q1')).toEqual([{ role: 'user', content: 'Q1' }]);
  });

  it('a synthetic 5-round conversation: earlier rounds as user/assistant pairs, the current question last', () => {
    const history = [1, 2, 3, 4].map((r) => ({ question: `Q${r}`, answer: `A${r}` }));
    const messages = buildMessages(history, 'Q5');
    expect(messages.map((m) => m.content)).toEqual(['Q1', 'A1', 'Q2', 'A2', 'Q3', 'A3', 'Q4', 'A4', 'Q5']);
    expectAlternating(messages);
  });

  it('the dataset’s longest conversation (MLU, 5 rounds) keeps round order', async () => {
    const data = (await readSeedJson(requireSharedDataset())) as SeedFile;
    const groups = new Map<string, SeedItem[]>();
    for (const [name, items] of Object.entries(data)) {
      for (const item of items) {
        const key = `${categoryCodeOf(name)}-${item.groupCode}`;
        groups.set(key, [...(groups.get(key) ?? []), item]);
      }
    }
    const [key, rounds] = [...groups.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(key.startsWith('MLU-')).toBe(true);
    expect(rounds).toHaveLength(5);
    const ordered = [...rounds].sort((a, b) => a.round - b.round);
    const history = ordered.slice(0, -1).map((item) => ({ question: item.problem, answer: item.sanswer }));
    const messages = buildMessages(history, ordered.at(-1)!.problem);
    expect(messages).toHaveLength(9);
    expectAlternating(messages);
    expect(messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(ordered.map((item) => item.problem));
    expect(messages[7]!.content).toBe(ordered[3]!.sanswer);
  });
});

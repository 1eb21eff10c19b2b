import { describe, expect, it } from 'vitest';
import { DIMENSIONS_CONTRACT } from '../../../simulator/answers.js';
import { APIS, ask, providerFor, useSimulator } from '../providers/fixtures.js';

/** The simulator options integration tests observe campaigns with: set MTG verdicts, kept requests, concurrency. */

const mtgPrompt = (answer: string) => ask(`Score on five dimensions. Reply with JSON: {${DIMENSIONS_CONTRACT.join(', ')}}\n---\n${answer}`, { model: 'judge-1' });
const LOW = { instruction_following: 4, correctness: 4, effectiveness: 3, readability: 3, safety: 1 } as const;
const HIGH = { instruction_following: 5, correctness: 5, effectiveness: 3, readability: 3, safety: 1 } as const;

describe.each(APIS)('simulator observation options (%s)', (api) => {
  const fake = useSimulator({ latencyMs: 40 });

  it('judgeDimensions sets the MTG verdict, fixed or by judge-call order (cycled), apart from judgeScores', async () => {
    const provider = providerFor(fake(), api);
    fake().configure({ judgeScores: { 'judge-1': 2 }, judgeDimensions: { 'judge-1': [LOW, HIGH] } });
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push(JSON.parse((await provider.complete(mtgPrompt(`a${i}`))).text));
    expect(verdicts).toEqual([LOW, HIGH, LOW].map((v) => ({ rationale: expect.any(String), ...v })));
    // score-mode prompts still follow judgeScores
    const score = await provider.complete(ask('Reply with JSON: {"rationale", "score"}', { model: 'judge-1' }));
    expect(JSON.parse(score.text).score).toBe(2);
  });

  it('keepRequests keeps each request’s messages (system first) and JSON body; without it nothing is kept', async () => {
    const provider = providerFor(fake(), api);
    await provider.complete(ask('not kept'));
    expect(fake().requests()).toEqual([]);
    fake().configure({ keepRequests: true });
    await provider.complete(ask('kept', { system: 'be brief', callKey: 'k-1' }));
    const [kept, ...rest] = fake().requests();
    expect(rest).toEqual([]);
    expect(kept).toMatchObject({ api, key: 'k-1', model: 'm1', attempt: 1, judge: false, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'kept' }] });
    // the wire format as sent: Anthropic's system is a top-level field, OpenAI's a message
    expect(api === 'anthropic' ? (kept!.body as { system: unknown }).system : (kept!.body as { messages: unknown[] }).messages[0]).toEqual(
      api === 'anthropic' ? 'be brief' : { role: 'system', content: 'be brief' },
    );
    fake().reset();
    expect(fake().requests()).toEqual([]);
  });

  it('concurrency() reports the most requests per model answered at once', async () => {
    const provider = providerFor(fake(), api);
    await Promise.all([1, 2, 3].map((i) => provider.complete(ask(`together ${i}`))));
    await provider.complete(ask('alone', { model: 'm2' }));
    expect(fake().concurrency()).toEqual({ inFlight: { m1: 0, m2: 0 }, maxInFlight: { m1: 3, m2: 1 } });
  });
});

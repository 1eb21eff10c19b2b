import { describe, expect, it } from 'vitest';
import { CampaignConfigSchema, configHash } from '../../../config/campaign.js';
import { parseConfigText } from '../../../config/parse-config.js';

const parse = (text: string) => parseConfigText(text, 'c.yaml', CampaignConfigSchema);

const VALID = `name: demo
dataset: { name: sample }
models:
  - profile: sim-a
judges:
  - profile: sim-judge
`;

describe('campaign config', () => {
  it('fills the paper defaults: 3 samples, 3 judge rounds, threshold 4', () => {
    const config = parse(VALID);
    expect(config).toMatchObject({ samples: 3, judgeRounds: 3, threshold: 4, judging: { language: 'zh', mtgMode: 'score' } });
    expect(config.orchestration).toEqual({ window: 8, conversationsPerRun: 100, maxAttempts: 10 });
  });

  it('has no review phase unless asked; a review section gets k = 2, reveal never and masked names by default', () => {
    expect(parse(VALID).review).toBeUndefined();
    expect(parse(`${VALID}review: { sampleSize: 50 }\n`).review).toEqual({ sampleSize: 50, perItem: 2, seed: 1, reveal: 'never', maskModelNames: true });
    const full = parse(`${VALID}review: { sampleSize: 50, perItem: 1, reveal: after-submit, deadlineDays: 14, reminders: { everyHours: 24, command: ./notify.sh } }\n`).review;
    expect(full).toMatchObject({ perItem: 1, reveal: 'after-submit', deadlineDays: 14, reminders: { everyHours: 24, command: './notify.sh' } });
  });

  it('refuses a review section it cannot run, naming the field', () => {
    expect(() => parse(`${VALID}review: { sampleSize: 0 }\n`)).toThrow(/review\.sampleSize: /);
    expect(() => parse(`${VALID}review: { sampleSize: 5, reveal: always }\n`)).toThrow(/review\.reveal: /);
    expect(() => parse(`${VALID}review: { sampleSize: 5, reminders: { everyHours: 24 } }\n`)).toThrow(/review\.reminders\.webhook: give a webhook or a command/);
    expect(() => parse(`${VALID}review: { sampleSize: 5, reminders: { everyHours: 24, webhook: "ftp://x" } }\n`)).toThrow(/review\.reminders\.webhook: /);
  });

  it('names the line, column and path of a wrongly typed field', () => {
    const text = VALID.replace('  - profile: sim-a', '  - profile: sim-a\n    params: { temperature: hot }');
    expect(() => parse(text)).toThrow(/^c\.yaml:5:28 models\.0\.params\.temperature: /);
  });

  it('reports every problem at once, a missing field at its parent', () => {
    const text = 'name: "bad name"\ndataset: {}\njudges: []\nsamples: 0\n';
    let message = '';
    try {
      parse(text);
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^c\.yaml:1:7 name: letters, digits/));
    expect(lines).toContainEqual(expect.stringMatching(/^c\.yaml:2:10 dataset\.name: /));
    expect(lines).toContainEqual(expect.stringMatching(/^c\.yaml:3:9 judges: /));
    expect(lines).toContainEqual(expect.stringMatching(/^c\.yaml:4:10 samples: /));
  });

  it('rejects unknown keys, duplicate ids and a campaign with neither models nor answersFrom', () => {
    expect(() => parse(`${VALID}sampels: 3\n`)).toThrow(/\(top level\): Unrecognized key: "sampels"/);
    expect(() => parse(VALID.replace('  - profile: sim-a', '  - profile: sim-a\n  - profile: sim-a'))).toThrow(/models\.1\.id: duplicate id "sim-a"/);
    expect(() => parse(VALID.replace('models:\n  - profile: sim-a\n', ''))).toThrow(/models: list at least one model/);
    expect(parse(VALID.replace('models:\n  - profile: sim-a\n', 'answersFrom: { campaign: other }\n')).answersFrom).toEqual({ campaign: 'other' });
  });

  it('reads JSON too, and reports YAML syntax errors with their line', () => {
    expect(parse(JSON.stringify({ name: 'j', dataset: { name: 's' }, models: [{ profile: 'a' }], judges: [{ profile: 'b' }] })).name).toBe('j');
    expect(() => parse('name: demo\nmodels: [\n')).toThrow(/^c\.yaml:\d+:\d+: /);
  });

  it('hashes content, not key order', () => {
    const a = parse(VALID);
    const b = parse(`judges:\n  - profile: sim-judge\nmodels:\n  - profile: sim-a\ndataset: { name: sample }\nname: demo\n`);
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).not.toBe(configHash(parse(VALID.replace('sim-a', 'sim-b'))));
  });
});

describe('the shipped example', () => {
  it('validates, and every profile it names exists in the example profiles', async () => {
    const { resolveCampaignConfig } = await import('../../../campaign/start.js');
    const resolved = await resolveCampaignConfig('config/campaign.example.yaml');
    expect(Object.keys(resolved.profiles).sort()).toEqual(['claude-sonnet', 'deepseek-chat', 'gpt-4o']);
    expect(resolved.config.judges[0]?.id).toBe('judge-claude');
  });
});

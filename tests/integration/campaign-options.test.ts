import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { importDatasetFile } from '../../campaign/datasets.js';
import { generationKey } from '../../campaign/keys.js';
import { serializeSeedFile } from '../../dataset/export-format.js';
import { parseSeedJson } from '../../dataset/read-json.js';
import type { SeedItem } from '../../dataset/schema.js';
import type { JudgementDoc } from '../../store/campaign-docs.js';
import { collections } from '../../store/collections.js';
import { DIMENSIONS_CONTRACT } from '../../simulator/answers.js';
import type { RecordedRequest } from '../../simulator/call-stats.js';
import type { MtgVerdict } from '../../simulator/config.js';
import { campaignCalls, planned, reportJson, sampleQuestions, storedCounts } from '../support/campaign-checks.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

/**
 * Every campaign option that changes results, each in a tiny campaign (one or two categories, one sample, one or
 * two judge rounds), checked on what the fake provider received, the stored rows and the report's figures.
 * Expected figures are worked out here from the stored rows, not with the scoring module.
 */

const MODEL = 'sim-model-a';
const JUDGE = 'sim-judge';
/** MTG judge: score 4 in score mode; in dimensions mode a verdict of total 4, then one of total 5 (cycled) */
const MTG_JUDGE = 'sim-judge-mtg';
/** a three-judge panel: always 5, always 4, and 5, 3, 0 by call order (three questions per campaign) */
const PANEL = ['sim-panel-a', 'sim-panel-b', 'sim-panel-c'] as const;
const THRESHOLD_JUDGE = 'sim-judge-threshold';
/** two models under test with the same profile limits; the campaign limits one of them to one call at a time */
const SERIAL_MODEL = 'sim-model-serial';
const PARALLEL_MODEL = 'sim-model-parallel';
/** profiles whose kind is not `simulated`: answers from a file, and the Anthropic SDK against the fake's /v1/messages */
const REPLAY_MODEL = 'replayed';
const CLAUDE_MODEL = 'claude-model';
const CLAUDE_JUDGE = 'claude-judge';

/** MTG verdicts and their totals on the paper's 0–7 table (Appendix D): 4 needs ≥ (4,4,3,3), 5 needs ≥ (5,5,3,3) */
const MTG_TOTAL_4: MtgVerdict = { instruction_following: 4, correctness: 4, effectiveness: 3, readability: 3, safety: 1 };
const MTG_TOTAL_5: MtgVerdict = { instruction_following: 5, correctness: 5, effectiveness: 3, readability: 3, safety: 1 };

let h: CampaignHarness;
runningHarness(
  {
    latencyMs: [0, 5],
    keepRequests: true,
    judgeScores: { [MTG_JUDGE]: 4, [PANEL[0]]: 5, [PANEL[1]]: 4, [PANEL[2]]: [5, 3, 0], [THRESHOLD_JUDGE]: [5, 4, 3, 2] },
    judgeDimensions: { [MTG_JUDGE]: [MTG_TOTAL_4, MTG_TOTAL_5] },
    // slow enough that calls a campaign lets overlap do overlap
    modelLatencyMs: { [SERIAL_MODEL]: 60, [PARALLEL_MODEL]: 60 },
  },
  [MODEL, JUDGE, MTG_JUDGE, ...PANEL, THRESHOLD_JUDGE, SERIAL_MODEL, PARALLEL_MODEL, REPLAY_MODEL, CLAUDE_MODEL, CLAUDE_JUDGE],
  (harness) => (h = harness),
);

const only = (...categories: string[]) => ({ filters: { categories } });

async function runToEnd(configFile: string, campaignId: string): Promise<string> {
  await h.start(configFile, campaignId);
  expect((await h.result(campaignId)).status).toBe('completed');
  return campaignId;
}

/** What the fake provider received for one campaign, in arrival order. */
function requestsOf(campaignId: string, judge?: boolean): RecordedRequest[] {
  return h.fake.requests().filter((r) => r.key.startsWith(`${campaignId}/`) && (judge === undefined || r.judge === judge));
}

const systemOf = (r: RecordedRequest) => r.messages.filter((m) => m.role === 'system').map((m) => m.content);
const userOf = (r: RecordedRequest) => r.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';

function judgementRows(campaignId: string): Promise<JudgementDoc[]> {
  return collections(h.db).judgements.find({ campaignId }).toArray();
}

/** The ids of a dataset's questions in these categories (the harness imports the sample as sample@1). */
async function questionIdsOf(categories: string[], datasetId = 'sample@1'): Promise<string[]> {
  const questions = await collections(h.db).questions.find({ datasetId }).toArray();
  return questions.filter((q) => categories.includes(q.category)).map((q) => q.questionId).sort();
}

type PanelRule = 'mean' | 'median' | 'min';

function combine(scores: number[], rule: PanelRule): number {
  const s = [...scores].sort((a, b) => a - b);
  if (rule === 'min') return s[0]!;
  if (rule === 'mean') return s.reduce((a, b) => a + b, 0) / s.length;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The method from the stored rows: per (question, sample, judge round) the panel's combined score over the judges
 * with a valid score, then per question the mean of those; usable when it reaches the question's threshold.
 */
function usableFromRows(rows: readonly JudgementDoc[], rule: PanelRule, threshold: (questionId: string) => number): Set<string> {
  const byQuestion = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    if (r.status !== 'succeeded' || !r.valid || typeof r.score !== 'number') continue;
    const answers = byQuestion.get(r.questionId) ?? new Map<string, number[]>();
    const slot = `${r.sample}/${r.judgeRound}`;
    answers.set(slot, [...(answers.get(slot) ?? []), r.score]);
    byQuestion.set(r.questionId, answers);
  }
  const usable = new Set<string>();
  for (const [questionId, answers] of byQuestion) {
    const panel = [...answers.values()].map((scores) => combine(scores, rule));
    if (panel.reduce((a, b) => a + b, 0) / panel.length >= threshold(questionId)) usable.add(questionId);
  }
  return usable;
}

/** The built-in template file's version (sha256 of its text, 12 hex digits) and its system prompt. */
async function builtinTemplate(name: string): Promise<{ id: string; version: string; system: string; text: string }> {
  const text = await readFile(path.resolve('scoring/templates', `${name}.md`), 'utf8');
  return { id: name, version: sha12(text), system: text.slice(text.indexOf('<!-- system -->') + '<!-- system -->'.length, text.indexOf('<!-- user -->')).trim(), text };
}

const sha12 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);

/** Replaces or adds profiles in a written campaign's profiles file. */
async function patchProfiles(profilesFile: string, profiles: Record<string, Record<string, unknown>>): Promise<void> {
  const doc = parseYaml(await readFile(profilesFile, 'utf8')) as { profiles: Record<string, unknown> };
  await writeFile(profilesFile, stringify({ profiles: { ...doc.profiles, ...profiles } }));
}

describe('judging options', () => {
  it('judging.mtgMode dimensions stores the five dimensions and a 0–7 total, usable at ≥ 5; score mode stores 0–5, usable at ≥ 4', async () => {
    const questionIds = await questionIdsOf(['MTG']);
    expect(questionIds).toHaveLength(2);
    const shape = { models: [MODEL], judges: [MTG_JUDGE], samples: 1, judgeRounds: 1 };

    // score mode (the default): the judge gives 4 on the 0–5 scale, usable at the campaign's threshold 4
    const scored = await runToEnd((await h.writeConfig({ sub: 'mtg-score', ...shape, extra: only('MTG') })).configFile, 'mtg-score');
    const scoreTemplate = await builtinTemplate('judge-MTG.zh');
    const scoreRequests = requestsOf(scored, true);
    expect(scoreRequests).toHaveLength(2);
    for (const r of scoreRequests) {
      expect(systemOf(r)).toEqual([scoreTemplate.system]);
      // the output contract is part of the static system prompt (the cacheable prefix)
      expect(systemOf(r)[0]).toContain('"score"');
      expect(systemOf(r)[0]).not.toContain('"instruction_following"');
    }
    const scoreRows = await judgementRows(scored);
    expect(scoreRows.map((r) => [r.templateId, r.templateVersion, r.score, r.dimensions])).toEqual([
      ['judge-MTG.zh', scoreTemplate.version, 4, undefined],
      ['judge-MTG.zh', scoreTemplate.version, 4, undefined],
    ]);
    const scoreReport = await reportJson(h.db, scored);
    expect(scoreReport.categoryThresholds).toEqual({});
    expect(scoreReport.categories?.MTG).toMatchObject({ questions: 2, usable: usableFromRows(scoreRows, 'mean', () => 4).size });
    expect(scoreReport.categories?.MTG?.usable).toBe(2);

    // dimensions mode: verdicts of total 4 and total 5; only the 5 is usable, though 4 reaches the campaign threshold
    const dims = await runToEnd(
      (await h.writeConfig({ sub: 'mtg-dims', ...shape, extra: { ...only('MTG'), judging: { mtgMode: 'dimensions' } } })).configFile,
      'mtg-dims',
    );
    const dimsTemplate = await builtinTemplate('judge-MTG-dimensions.zh');
    const dimsRequests = requestsOf(dims, true);
    expect(dimsRequests).toHaveLength(2);
    for (const r of dimsRequests) {
      expect(systemOf(r)).toEqual([dimsTemplate.system]);
      for (const field of DIMENSIONS_CONTRACT) expect(systemOf(r)[0]).toContain(field);
    }
    const dimsRows = await judgementRows(dims);
    expect(dimsRows.every((r) => r.templateId === 'judge-MTG-dimensions.zh' && r.templateVersion === dimsTemplate.version)).toBe(true);
    const stored = dimsRows.map((r) => ({ dimensions: r.dimensions, score: r.score })).sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
    expect(stored).toEqual([
      { dimensions: { instructionFollowing: 4, correctness: 4, effectiveness: 3, readability: 3, safety: 1 }, score: 4 },
      { dimensions: { instructionFollowing: 5, correctness: 5, effectiveness: 3, readability: 3, safety: 1 }, score: 5 },
    ]);
    const dimsReport = await reportJson(h.db, dims);
    expect(dimsReport.threshold).toBe(4);
    expect(dimsReport.categoryThresholds).toEqual({ MTG: 5 });
    const usable = usableFromRows(dimsRows, 'mean', () => 5);
    expect(usable).toEqual(new Set([dimsRows.find((r) => r.score === 5)!.questionId]));
    expect(dimsReport.categories?.MTG).toMatchObject({ questions: 2, usable: 1, usability: 50 });
    expect(dimsReport.overall).toMatchObject({ questions: 2, usable: 1, op: 50 });
  });

  it.each(['mean', 'median', 'min'] as const)('judging.panelRule %s combines three judges per answer as computed from their stored scores', async (rule) => {
    const questionIds = await questionIdsOf(['MLU']);
    expect(questionIds).toHaveLength(3);
    const campaignId = await runToEnd(
      (await h.writeConfig({ sub: `panel-${rule}`, models: [MODEL], judges: [...PANEL], samples: 1, judgeRounds: 1, extra: { ...only('MLU'), judging: { panelRule: rule } } })).configFile,
      `panel-${rule}`,
    );
    const rows = await judgementRows(campaignId);
    const scoresOf = (judge: string) => rows.filter((r) => r.judge === judge).map((r) => r.score).sort();
    expect(PANEL.map(scoresOf)).toEqual([[5, 5, 5], [4, 4, 4], [0, 3, 5]]);
    expect(requestsOf(campaignId, true)).toHaveLength(9);

    const expected = usableFromRows(rows, rule, () => 4);
    // per question: {5, 4, 5}, {5, 4, 3}, {5, 4, 0} → mean 4.67, 4, 3; median 5, 4, 4; min 4, 3, 0
    expect(expected.size).toBe({ mean: 2, median: 3, min: 1 }[rule]);
    const report = await reportJson(h.db, campaignId);
    expect(report.overall).toMatchObject({ questions: 3, usable: expected.size });
    expect(report.categories?.MLU?.usable).toBe(expected.size);
    expect(report.models[0]!.counts.judges).toEqual([...PANEL]);
  });

  it('a non-default threshold moves the usable count to what the stored scores give at that threshold', async () => {
    const questionIds = await questionIdsOf(['MK']);
    const threshold = 3;
    const campaignId = await runToEnd(
      (await h.writeConfig({ sub: 'threshold', models: [MODEL], judges: [THRESHOLD_JUDGE], samples: 1, judgeRounds: 1, extra: { ...only('MK'), threshold } })).configFile,
      'threshold',
    );
    const rows = await judgementRows(campaignId);
    expect(rows.map((r) => r.score).sort()).toEqual([2, 3, 4, 5]);
    const atThreshold = usableFromRows(rows, 'mean', () => threshold);
    const atDefault = usableFromRows(rows, 'mean', () => 4);
    expect([atThreshold.size, atDefault.size]).toEqual([3, 2]);
    const report = await reportJson(h.db, campaignId);
    expect(report.threshold).toBe(threshold);
    expect(report.overall).toMatchObject({ questions: questionIds.length, usable: atThreshold.size, op: (atThreshold.size / questionIds.length) * 100 });
  });

  it('judging.language en sends the English templates and records their versions', async () => {
    const questions = (await sampleQuestions(h.db)).filter((q) => q.category === 'MK');
    const campaignId = await runToEnd(
      (await h.writeConfig({ sub: 'english', models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: { ...only('MK'), judging: { language: 'en' } } })).configFile,
      'english',
    );
    const en = await builtinTemplate('judge-MK.en');
    const zh = await builtinTemplate('judge-MK.zh');
    const judged = requestsOf(campaignId, true);
    expect(judged).toHaveLength(questions.length);
    for (const r of judged) {
      expect(systemOf(r)).toEqual([en.system]);
      expect(systemOf(r)[0]).toContain('## Task\nGrade an answer to a medical knowledge question');
      expect(userOf(r)).toMatch(/^## Question\n/);
      expect(userOf(r)).toContain('## Reference answer written by a physician');
      expect(userOf(r)).not.toContain('医生撰写的参考答案');
    }
    // the questions stay as the dataset has them (Chinese); only the rubric around them is English
    for (const q of questions) {
      const r = judged.find((j) => j.key.startsWith(`${generationKey(campaignId, MODEL, q.id, 0)}/`))!;
      expect(userOf(r)).toContain(q.problem);
    }
    // the model under test is asked the plain question: judging options do not reach generation
    for (const r of requestsOf(campaignId, false)) expect(systemOf(r)).toEqual([]);

    const rows = await judgementRows(campaignId);
    expect(new Set(rows.map((r) => `${r.templateId}@${r.templateVersion}`))).toEqual(new Set([`judge-MK.en@${en.version}`]));
    expect(en.version).not.toBe(zh.version);
    const report = await reportJson(h.db, campaignId);
    expect(report.context.templates).toEqual([{ id: 'judge-MK.en', version: en.version }]);
    expect(report.overall?.usable).toBe(usableFromRows(rows, 'mean', () => 4).size);
  });

  it('judging.templates: a custom template replaces its category’s built-in one; the fake receives its text and rows record its version', async () => {
    const MARK = 'CUSTOM-RUBRIC-7F3A';
    const custom = [
      '---',
      'category: MK',
      'language: zh',
      'mode: score',
      '---',
      '<!-- system -->',
      `${MARK}: you grade medical answers for the options test.`,
      '<!-- user -->',
      `${MARK} question: {{question}}`,
      'Reference: {{reference_answer}}',
      '<<<ANSWER_UNDER_TEST>>>',
      '{{answer}}',
      '<<<END_ANSWER_UNDER_TEST>>>',
      'Reply with {"rationale": "<why>", "score": <integer 0-5>}',
      '',
    ].join('\n');
    const files = await h.writeConfig({ sub: 'custom-templates', models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: { ...only('MK', 'MR'), judging: { templates: './my-templates' } } });
    const dir = path.join(path.dirname(files.configFile), 'my-templates');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'judge-MK.zh.md'), custom);
    const campaignId = await runToEnd(files.configFile, 'custom-templates');

    const questions = (await sampleQuestions(h.db)).filter((q) => q.category === 'MK' || q.category === 'MR');
    const builtinMr = await builtinTemplate('judge-MR.zh');
    const judged = requestsOf(campaignId, true);
    expect(judged).toHaveLength(questions.length);
    for (const r of judged) {
      const question = questions.find((q) => r.key.startsWith(`${generationKey(campaignId, MODEL, q.id, 0)}/`))!;
      if (question.category === 'MK') {
        expect(systemOf(r)).toEqual([`${MARK}: you grade medical answers for the options test.`]);
        expect(userOf(r)).toContain(`${MARK} question: ${question.problem}`);
      } else {
        expect(systemOf(r)).toEqual([builtinMr.system]);
        expect(r.messages.some((m) => m.content.includes(MARK))).toBe(false);
      }
    }
    const rows = await judgementRows(campaignId);
    const versions = new Set(rows.map((r) => `${r.category} ${r.templateId}@${r.templateVersion}`));
    expect(versions).toEqual(new Set([`MK judge-MK.zh@${sha12(custom)}`, `MR judge-MR.zh@${builtinMr.version}`]));
    expect(sha12(custom)).not.toBe((await builtinTemplate('judge-MK.zh')).version);
    const report = await reportJson(h.db, campaignId);
    expect(report.context.templates).toEqual(expect.arrayContaining([{ id: 'judge-MK.zh', version: sha12(custom) }, { id: 'judge-MR.zh', version: builtinMr.version }]));
    expect(report.overall).toMatchObject({ questions: questions.length, usable: usableFromRows(rows, 'mean', () => 4).size });
  });
});

describe('generation options', () => {
  it('systemPrompt reaches every model-under-test request as its system message, before the conversation so far', async () => {
    const SYSTEM = 'You are a cautious physician answering patients. SYSTEM-PROMPT-MARK';
    const campaignId = await runToEnd(
      (await h.writeConfig({ sub: 'system-prompt', models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: { ...only('MK'), systemPrompt: SYSTEM } })).configFile,
      'system-prompt',
    );
    const questions = (await sampleQuestions(h.db)).filter((q) => q.category === 'MK');
    const generated = requestsOf(campaignId, false);
    expect(generated).toHaveLength(questions.length);
    for (const r of generated) {
      expect(r.messages[0]).toEqual({ role: 'system', content: SYSTEM });
      expect(systemOf(r)).toEqual([SYSTEM]);
      expect((r.body as { messages: unknown[] }).messages[0]).toEqual({ role: 'system', content: SYSTEM });
    }
    // round 2 of a conversation: system, then round 1's question and this model's stored answer, then the question
    const [first, second] = ['MK-1-1', 'MK-1-2'].map((id) => questions.find((q) => q.id === id)!);
    const firstAnswer = await collections(h.db).generations.findOne({ _id: generationKey(campaignId, MODEL, 'MK-1-1', 0) });
    const secondRequest = generated.find((r) => r.key === generationKey(campaignId, MODEL, 'MK-1-2', 0))!;
    expect(secondRequest.messages).toEqual([
      { role: 'system', content: SYSTEM },
      { role: 'user', content: first!.problem },
      { role: 'assistant', content: firstAnswer!.text },
      { role: 'user', content: second!.problem },
    ]);
    // judges get their template's system prompt, never the campaign's
    for (const r of requestsOf(campaignId, true)) expect(r.messages.some((m) => m.content.includes('SYSTEM-PROMPT-MARK'))).toBe(false);
    expect(await storedCounts(h.db, campaignId)).toEqual({ generations: { succeeded: questions.length, failed: 0 }, judgements: { succeeded: questions.length, failed: 0 } });
  });

  it('campaign rateLimits: maxConcurrency 1 for one profile keeps its calls one at a time; the other profile overlaps', async () => {
    const categories = ['MK', 'MLU'];
    const questions = (await questionIdsOf(categories)).length;
    const campaignId = await runToEnd(
      (
        await h.writeConfig({
          sub: 'rate-limits',
          models: [SERIAL_MODEL, PARALLEL_MODEL],
          judges: [JUDGE],
          samples: 2,
          judgeRounds: 1,
          // both profiles allow 8 at once; the campaign overrides one
          rateLimits: { maxConcurrency: 8 },
          extra: { ...only(...categories), rateLimits: { [SERIAL_MODEL]: { maxConcurrency: 1 } } },
        })
      ).configFile,
      'rate-limits',
    );
    const { maxInFlight, inFlight } = h.fake.concurrency();
    expect(maxInFlight[SERIAL_MODEL]).toBe(1);
    expect(maxInFlight[PARALLEL_MODEL]).toBeGreaterThan(1);
    expect(inFlight[SERIAL_MODEL]).toBe(0);
    // one at a time: each of the serial model's requests arrived after the one before it was answered (≥ 60 ms)
    const arrivals = requestsOf(campaignId, false).filter((r) => r.model === SERIAL_MODEL).map((r) => Date.parse(r.at));
    expect(arrivals).toHaveLength(questions * 2);
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThanOrEqual(55);
    const plan = planned({ questions, models: 2, samples: 2, judges: 1, judgeRounds: 1 });
    expect(await storedCounts(h.db, campaignId)).toEqual({ generations: { succeeded: plan.generations, failed: 0 }, judgements: { succeeded: plan.judgements, failed: 0 } });
    expect(campaignCalls(h.fake, campaignId).total).toBe(plan.calls);
  });

  it('participants’ id and params: one profile as two models under test with their own params, a judge with its own', async () => {
    const files = await h.writeConfig({
      sub: 'participants',
      models: [MODEL],
      judges: [JUDGE],
      samples: 1,
      judgeRounds: 1,
      extra: {
        ...only('MR'),
        models: [
          { profile: MODEL, id: 'a-plain' },
          { profile: MODEL, id: 'a-short', params: { maxTokens: 8, temperature: 0.2 } },
        ],
        judges: [{ profile: JUDGE, id: 'judge-cold', params: { temperature: 0 } }],
      },
    });
    const campaignId = await runToEnd(files.configFile, 'participants');
    const questionIds = await questionIdsOf(['MR']);
    type Body = { model: string; temperature?: number; max_tokens?: number };
    const bodyOf = (key: string) => requestsOf(campaignId).find((r) => r.key === key)!.body as Body;
    const generations = await collections(h.db).generations.find({ campaignId }).toArray();
    for (const id of questionIds) {
      // keys and rows carry the participant id; both are served by the one profile (and provider model)
      const plainBody = bodyOf(generationKey(campaignId, 'a-plain', id, 0));
      expect([plainBody.model, 'temperature' in plainBody, 'max_tokens' in plainBody]).toEqual([MODEL, false, false]);
      expect(bodyOf(generationKey(campaignId, 'a-short', id, 0))).toMatchObject({ model: MODEL, temperature: 0.2, max_tokens: 8 });
      const plain = generations.find((g) => g.model === 'a-plain' && g.questionId === id)!;
      const short = generations.find((g) => g.model === 'a-short' && g.questionId === id)!;
      expect([plain.profile, plain.finishReason, short.profile, short.finishReason]).toEqual([MODEL, 'stop', MODEL, 'length']);
      // the same request but for max_tokens: the short answer is the plain one cut off
      expect(short.text!.length).toBeLessThan(plain.text!.length);
      expect(plain.text!.startsWith(short.text!)).toBe(true);
    }
    const judged = requestsOf(campaignId, true);
    expect(judged).toHaveLength(questionIds.length * 2);
    for (const r of judged) expect((r.body as Body).temperature).toBe(0);
    const rows = await judgementRows(campaignId);
    expect(new Set(rows.map((r) => `${r.judge} ${r.judgeProfile}`))).toEqual(new Set([`judge-cold ${JUDGE}`]));
    const report = await reportJson(h.db, campaignId);
    expect(report.models.map((m) => [m.model, m.overall.questions, m.overall.usable, m.counts.judges])).toEqual(
      ['a-plain', 'a-short'].map((model) => [model, questionIds.length, usableFromRows(rows.filter((r) => r.model === model), 'mean', () => 4).size, ['judge-cold']]),
    );
    expect(report.context.judgeModels).toEqual([`judge-cold (${JUDGE})`]);
  });

  it('filters.questionIds keeps the whole conversations of the named questions; filters.maxConversations the first n', async () => {
    const shape = { models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1 };
    const [byId, firstTwo] = await Promise.all([
      h.writeConfig({ sub: 'filter-ids', ...shape, extra: { filters: { questionIds: ['MK-1-2', 'MR-2-1'] } } }).then((f) => runToEnd(f.configFile, 'filter-ids')),
      h.writeConfig({ sub: 'filter-first', ...shape, extra: { filters: { maxConversations: 2 } } }).then((f) => runToEnd(f.configFile, 'filter-first')),
    ]);
    // MK-1-2 is round 2 of conversation MK-1 (three rounds); the first two conversations in file order are MK-1 and MK-2
    for (const [campaignId, ids] of [
      [byId, ['MK-1-1', 'MK-1-2', 'MK-1-3', 'MR-2-1']],
      [firstTwo, ['MK-1-1', 'MK-1-2', 'MK-1-3', 'MK-2-1']],
    ] as const) {
      const generated = await collections(h.db).generations.find({ campaignId, status: 'succeeded' }).toArray();
      expect(generated.map((g) => g.questionId).sort()).toEqual(ids);
      expect(requestsOf(campaignId, false).map((r) => r.key).sort()).toEqual(ids.map((id) => generationKey(campaignId, MODEL, id, 0)).sort());
      const report = await reportJson(h.db, campaignId);
      expect([report.questions, report.overall?.questions]).toEqual([ids.length, ids.length]);
      expect(report.overall?.usable).toBe(usableFromRows(await judgementRows(campaignId), 'mean', () => 4).size);
    }
  });

  it('dataset.version runs on the named version of a dataset imported twice; without it, on the latest', async () => {
    const v1File = path.resolve('dataset/sample.json');
    const seed = parseSeedJson(await readFile(v1File, 'utf8'), v1File) as Record<string, SeedItem[]>;
    // version 2: MK's second conversation dropped, and MK-1-1 asked differently
    const mk = seed['医疗知识']!.filter((item) => item.groupCode !== 2).map((item) => (item.groupCode === 1 && item.round === 1 ? { ...item, problem: `${item.problem}（第二版）` } : item));
    const v2File = path.join(h.dir, 'versioned-v2.json');
    // written as the public file is (bare NaN for empty cells), so the importer reads it as it reads v1
    await writeFile(v2File, serializeSeedFile({ ...seed, 医疗知识: mk }));
    expect((await importDatasetFile(h.db, { file: v1File, name: 'versioned' })).dataset._id).toBe('versioned@1');
    expect((await importDatasetFile(h.db, { file: v2File, name: 'versioned', newVersion: true })).dataset._id).toBe('versioned@2');
    const v1Ids = await questionIdsOf(['MK'], 'versioned@1');
    const v2Ids = await questionIdsOf(['MK'], 'versioned@2');
    expect([v1Ids.length, v2Ids.length]).toEqual([4, 3]);

    const shape = { models: [MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1, dataset: 'versioned' };
    const [named, latest] = await Promise.all([
      h.writeConfig({ sub: 'dataset-v1', ...shape, extra: { ...only('MK'), dataset: { name: 'versioned', version: 1 } } }).then((f) => runToEnd(f.configFile, 'dataset-v1')),
      h.writeConfig({ sub: 'dataset-latest', ...shape, extra: only('MK') }).then((f) => runToEnd(f.configFile, 'dataset-latest')),
    ]);
    const mk11 = (campaignId: string) => userOf(requestsOf(campaignId, false).find((r) => r.key === generationKey(campaignId, MODEL, 'MK-1-1', 0))!);
    for (const [campaignId, datasetId, ids, version] of [
      [named, 'versioned@1', v1Ids, '1'],
      [latest, 'versioned@2', v2Ids, '2'],
    ] as const) {
      expect((await collections(h.db).campaigns.findOne({ _id: campaignId }))?.datasetId).toBe(datasetId);
      const stored = await collections(h.db).generations.find({ campaignId }).toArray();
      expect(stored.map((g) => g.questionId).sort()).toEqual(ids);
      const report = await reportJson(h.db, campaignId);
      expect(report.context.datasetVersion).toBe(version);
      expect([report.questions, report.overall?.questions]).toEqual([ids.length, ids.length]);
      expect(report.overall?.usable).toBe(usableFromRows(await judgementRows(campaignId), 'mean', () => 4).size);
    }
    expect(mk11(named).endsWith('（第二版）')).toBe(false);
    expect(mk11(latest).endsWith('（第二版）')).toBe(true);
  });
});

describe('provider kinds other than simulated, in whole campaigns', () => {
  it('a replay profile answers from its file without calling anyone; a question it has no answer for fails as missing_answer', async () => {
    const files = await h.writeConfig({ sub: 'replay', models: [REPLAY_MODEL], judges: [JUDGE], samples: 1, judgeRounds: 1, extra: only('MK', 'MR') });
    const questions = (await sampleQuestions(h.db)).filter((q) => q.category === 'MK' || q.category === 'MR');
    const answered = questions.filter((q) => q.id !== 'MR-2-1');
    const answerOf = (id: string) => `Replayed answer for ${id}: see a doctor.`;
    await writeFile(path.join(path.dirname(files.profilesFile), 'answers.jsonl'), answered.map((q) => JSON.stringify({ questionId: q.id, sample: 0, answer: answerOf(q.id) })).join('\n'));
    await patchProfiles(files.profilesFile, { [REPLAY_MODEL]: { kind: 'replay', model: 'replayed-model', replayFiles: ['./answers.jsonl'] } });
    const before = h.fake.calls().byModel['replayed-model'] ?? 0;
    const campaignId = await runToEnd(files.configFile, 'replay');

    expect(h.fake.calls().byModel['replayed-model'] ?? 0).toBe(before);
    expect(requestsOf(campaignId, false)).toEqual([]);
    const generations = await collections(h.db).generations.find({ campaignId }).toArray();
    expect(Object.fromEntries(generations.map((g) => [g.questionId, g.status === 'succeeded' ? g.text : `${g.status} ${g.error?.kind}`]))).toEqual({
      ...Object.fromEntries(answered.map((q) => [q.id, answerOf(q.id)])),
      'MR-2-1': 'failed missing_answer',
    });
    // the judge was shown the replayed answers, inside the answer fence
    const judged = requestsOf(campaignId, true);
    expect(judged).toHaveLength(answered.length);
    for (const q of answered) {
      const r = judged.find((j) => j.key.startsWith(`${generationKey(campaignId, REPLAY_MODEL, q.id, 0)}/`))!;
      expect(userOf(r)).toContain(`<<<ANSWER_UNDER_TEST>>>\n${answerOf(q.id)}\n<<<END_ANSWER_UNDER_TEST>>>`);
    }
    const rows = await judgementRows(campaignId);
    expect(rows).toHaveLength(answered.length);
    const report = await reportJson(h.db, campaignId);
    expect(report.overall).toMatchObject({ questions: questions.length, noValidScore: 1, usable: usableFromRows(rows, 'mean', () => 4).size });
    expect(report.failures).toEqual([
      { model: REPLAY_MODEL, stage: 'generation', outcome: 'failed', kind: 'missing_answer', count: 1 },
      { model: REPLAY_MODEL, stage: 'judgement', outcome: 'skipped', kind: 'skipped', count: 1 },
    ]);
  });

  it('anthropic profiles (the real SDK) call the fake’s Messages endpoint for answers and verdicts; results are stored and reported', async () => {
    const SYSTEM = 'Answer as a careful physician. ANTHROPIC-SYSTEM-MARK';
    const judgeRounds = 2;
    const files = await h.writeConfig({ sub: 'anthropic', models: [CLAUDE_MODEL], judges: [CLAUDE_JUDGE], samples: 1, judgeRounds, extra: { ...only('MR'), systemPrompt: SYSTEM } });
    const claude = (model: string) => ({
      kind: 'anthropic',
      // the SDK appends /v1/messages
      baseUrl: h.fake.url,
      model,
      apiKeyEnv: 'MEDEVAL_SIMULATOR_KEY',
      callKeyHeader: 'x-medeval-key',
      timeoutMs: 10_000,
      params: { maxTokens: 1024 },
    });
    await patchProfiles(files.profilesFile, { [CLAUDE_MODEL]: claude('claude-sim-answers'), [CLAUDE_JUDGE]: claude('claude-sim-judge') });
    const campaignId = await runToEnd(files.configFile, 'anthropic');

    const questions = (await sampleQuestions(h.db)).filter((q) => q.category === 'MR');
    const plan = planned({ questions: questions.length, models: 1, samples: 1, judges: 1, judgeRounds });
    const requests = requestsOf(campaignId);
    expect(requests).toHaveLength(plan.calls);
    expect(new Set(requests.map((r) => r.api))).toEqual(new Set(['anthropic']));
    const calls = campaignCalls(h.fake, campaignId);
    expect(calls.total).toBe(plan.calls);
    expect(Object.values(calls.byKey).every((n) => n === 1)).toBe(true);

    // the Messages wire: system as a top-level field, only user/assistant messages, max_tokens from the profile;
    // a judge's static system prompt and its whole prompt are marked for the prompt cache
    const mr = await builtinTemplate('judge-MR.zh');
    const ephemeral = { type: 'ephemeral' };
    for (const r of requests) {
      const body = r.body as { model: string; system?: unknown; max_tokens: number; messages: { role: string; content: unknown }[] };
      expect(body.max_tokens).toBe(1024);
      expect(body.messages.every((m) => m.role === 'user' || m.role === 'assistant')).toBe(true);
      expect([body.model, body.system]).toEqual(r.judge ? ['claude-sim-judge', [{ type: 'text', text: mr.system, cache_control: ephemeral }]] : ['claude-sim-answers', SYSTEM]);
      if (r.judge) expect(body.messages.at(-1)!.content).toEqual([{ type: 'text', text: expect.any(String), cache_control: ephemeral }]);
    }
    expect(requests.filter((r) => r.judge)).toHaveLength(plan.judgements);

    const generations = await collections(h.db).generations.find({ campaignId }).toArray();
    expect(generations).toHaveLength(plan.generations);
    for (const g of generations) {
      expect(g).toMatchObject({ status: 'succeeded', providerModel: 'claude-sim-answers', finishReason: 'stop' });
      expect(g.text).toMatch(/^\[simulated answer\]/);
      expect(g.requestId).toMatch(/^req_/);
    }
    const rows = await judgementRows(campaignId);
    expect(rows).toHaveLength(plan.judgements);
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'succeeded', valid: true, providerModel: 'claude-sim-judge', templateVersion: mr.version });
      expect(r.rationale).toMatch(/^\[simulated judge\]/);
      expect(r.raw).toBe(JSON.stringify({ rationale: r.rationale, score: r.score }));
    }
    const report = await reportJson(h.db, campaignId);
    expect(report.overall).toMatchObject({ questions: questions.length, usable: usableFromRows(rows, 'mean', () => 4).size });
    expect(report.models[0]!.counts).toMatchObject({ samples: 1, judgeRounds, judges: [CLAUDE_JUDGE] });
  });
});

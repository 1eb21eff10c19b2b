import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collections } from '../../store/collections.js';
import type { FailureRow } from '../../scoring/report/failures.js';
import { campaignProgress } from '../../campaign/status.js';
import { generationKey } from '../../campaign/keys.js';
import { campaignCalls, planned, reportJson, sampleQuestions, storedCounts } from '../support/campaign-checks.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';
import { MALFORMED_JUDGE_TEXT } from '../../simulator/answers.js';
import type { CallRecord } from '../../simulator/call-stats.js';
import type { FaultRule } from '../../simulator/config.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';
/** a second judge, whose text is often not a verdict */
const GARBLED_JUDGE = 'sim-judge-garbled';
const SAMPLES = 3;
const JUDGE_ROUNDS = 3;
const MAX_ATTEMPTS = 6;
/** a fixed id, so the seeded fault draws (per request key) are the same on every run */
const CAMPAIGN = 'faults';

/** Refused on its only call (not retryable). MK-1 has three rounds, so rounds 2 and 3 of this sample are skipped. */
const REFUSED = generationKey(CAMPAIGN, 'sim-model-a', 'MK-1-1', 0);
/** Rate limited on every attempt: retried up to maxAttempts, then recorded failed; round 3 after it is skipped. */
const EXHAUSTED = generationKey(CAMPAIGN, 'sim-model-b', 'MK-1-2', 1);

/** Transient faults on about 16 % of all calls, each drawn per request key and attempt; retries get through. */
const TRANSIENT = [
  { fault: 'rate_limit', retryAfter: 1, rate: 0.03 },
  { fault: 'server_error', status: 500, rate: 0.02 },
  { fault: 'server_error', status: 503, rate: 0.02 },
  { fault: 'server_error', status: 529, rate: 0.02 },
  { fault: 'hang', rate: 0.01 },
  { fault: 'reset', rate: 0.02 },
  { fault: 'malformed_json', rate: 0.02 },
  { fault: 'truncated', rate: 0.02 },
] satisfies FaultRule[];

let h: CampaignHarness;
let callLog: string;
runningHarness(
  {
    latencyMs: [0, 5],
    seed: 7,
    faults: [
      // first matching rule wins: the targeted faults come before the random ones
      { fault: 'refusal', keys: [REFUSED] },
      { fault: 'rate_limit', retryAfter: 1, keys: [EXHAUSTED] },
      // the judge's second call is a first attempt: the first judge calls all arrive before any retry is due (≥ 1 s)
      { fault: 'context_too_long', model: JUDGE, calls: [2] },
      ...TRANSIENT,
    ],
    malformedJudgeRate: { [GARBLED_JUDGE]: 0.3 },
  },
  [...MODELS, JUDGE, GARBLED_JUDGE],
  (harness) => (h = harness),
  (harness) => {
    callLog = path.join(harness.dir, 'calls.jsonl');
    harness.fake.configure({ callLogFile: callLog });
  },
);

/**
 * Each request key's call outcomes in arrival order (a key's attempts never overlap: a retry follows a failure);
 * server errors with their status.
 */
function outcomesByKey(campaignId: string): Map<string, string[]> {
  const calls = readFileSync(callLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as CallRecord);
  const outcomes = new Map<string, string[]>();
  for (const c of calls.filter((call) => call.key.startsWith(`${campaignId}/`))) {
    const outcome = c.outcome === 'server_error' ? `server_error ${c.status}` : c.outcome;
    outcomes.set(c.key, [...(outcomes.get(c.key) ?? []), outcome]);
  }
  return outcomes;
}

/**
 * Failure rows per model, stage, outcome and kind, counted here from the stored rows: a generation of kind
 * `skipped` was never attempted; every judgement of a failed or skipped answer was never attempted (and is not stored).
 */
function expectedFailures(
  gens: { model: string; status: string; error?: { kind: string } | undefined }[],
  verdicts: { model: string; status: string; error?: { kind: string } | undefined }[],
  judgeCallsPerAnswer: number,
): FailureRow[] {
  const counts = new Map<string, FailureRow>();
  const add = (row: Omit<FailureRow, 'count'>, n: number) => {
    const key = `${row.model}|${row.stage}|${row.outcome}|${row.kind}`;
    counts.set(key, { ...row, count: (counts.get(key)?.count ?? 0) + n });
  };
  for (const [stage, rows] of [['generation', gens], ['judgement', verdicts]] as const) {
    for (const r of rows.filter((row) => row.status === 'failed')) {
      const kind = r.error?.kind ?? 'error';
      add({ model: r.model, stage, outcome: kind === 'skipped' ? 'skipped' : 'failed', kind }, 1);
      if (stage === 'generation') add({ model: r.model, stage: 'judgement', outcome: 'skipped', kind: 'skipped' }, judgeCallsPerAnswer);
    }
  }
  return [...counts.values()].sort(
    (a, b) => a.model.localeCompare(b.model) || a.stage.localeCompare(b.stage) || a.outcome.localeCompare(b.outcome) || a.kind.localeCompare(b.kind),
  );
}

describe('a campaign against a faulty provider', () => {
  it('retries transient faults, records non-retryable and exhausted ones with their reason, pays each success once, and reports the failures stored', async () => {
    const { configFile } = await h.writeConfig({
      models: MODELS,
      judges: [JUDGE],
      samples: SAMPLES,
      judgeRounds: JUDGE_ROUNDS,
      // a hung call fails as a timeout after 3 s and is retried
      timeoutMs: 3_000,
      extra: { orchestration: { maxAttempts: MAX_ATTEMPTS } },
    });
    const { campaignId } = await h.start(configFile, CAMPAIGN);
    const result = await h.result(campaignId);
    expect(result.status).toBe('completed');

    const questions = await sampleQuestions(h.db);
    const plan = planned({ questions: questions.length, models: MODELS.length, samples: SAMPLES, judges: 1, judgeRounds: JUDGE_ROUNDS });
    const { generations, judgements } = collections(h.db);
    const gens = await generations.find({ campaignId }).toArray();
    const verdicts = await judgements.find({ campaignId }, { projection: { raw: 0, rationale: 0 } }).toArray();

    // every planned answer has exactly one row (its key is its _id), succeeded or failed with a reason
    const plannedKeys = MODELS.flatMap((m) => questions.flatMap((q) => Array.from({ length: SAMPLES }, (_, s) => generationKey(campaignId, m, q.id, s))));
    expect(gens.map((g) => g._id).sort()).toEqual(plannedKeys.sort());
    const failedGens = gens.filter((g) => g.status === 'failed').map((g) => ({ key: g._id, kind: g.error?.kind, message: g.error?.message }));
    expect(failedGens.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: REFUSED, kind: 'content_filtered', message: expect.stringContaining('refused') },
      { key: generationKey(campaignId, 'sim-model-a', 'MK-1-2', 0), kind: 'skipped', message: 'round 1 failed: content_filtered' },
      { key: generationKey(campaignId, 'sim-model-a', 'MK-1-3', 0), kind: 'skipped', message: 'round 1 failed: content_filtered' },
      { key: EXHAUSTED, kind: 'rate_limited', message: expect.stringContaining('HTTP 429') },
      { key: generationKey(campaignId, 'sim-model-b', 'MK-1-3', 1), kind: 'skipped', message: 'round 2 failed: rate_limited' },
    ]);
    const answered = gens.filter((g) => g.status === 'succeeded');
    expect(answered.every((g) => typeof g.text === 'string' && g.text.length > 0 && g.error === undefined)).toBe(true);
    const stored = await storedCounts(h.db, campaignId);
    expect(stored.generations).toEqual({ succeeded: plan.generations - failedGens.length, failed: failedGens.length });

    // each answer is judged once per round; a failed answer is never judged
    const roundsByAnswer = new Map<string, number[]>();
    for (const v of verdicts) roundsByAnswer.set(v.generationKey, [...(roundsByAnswer.get(v.generationKey) ?? []), v.judgeRound].sort());
    expect([...roundsByAnswer.keys()].sort()).toEqual(answered.map((g) => g._id).sort());
    expect([...roundsByAnswer.values()].every((rounds) => rounds.join() === '0,1,2')).toBe(true);
    const failedVerdicts = verdicts.filter((v) => v.status === 'failed');
    expect(failedVerdicts.map((v) => ({ kind: v.error?.kind, score: v.score, valid: v.valid }))).toEqual([{ kind: 'context_too_long', score: null, valid: false }]);
    expect(failedVerdicts[0]!.error?.message).toContain('HTTP 400');
    expect(verdicts.filter((v) => v.status === 'succeeded').every((v) => v.valid === true && typeof v.score === 'number')).toBe(true);
    expect(stored.judgements).toEqual({ succeeded: answered.length * JUDGE_ROUNDS - 1, failed: 1 });
    // the plan minus the verdicts of the answers that never existed
    expect(stored.judgements.succeeded + stored.judgements.failed).toBe(plan.judgements - failedGens.length * JUDGE_ROUNDS);

    // calls: the fake's counts agree with its log; skipped answers were never asked for; a key that got an answer
    // was never called again; non-retryable faults were not retried; the exhausted key was tried maxAttempts times
    const outcomes = outcomesByKey(campaignId);
    expect(Object.fromEntries([...outcomes].map(([k, o]) => [k, o.length]))).toEqual(campaignCalls(h.fake, campaignId).byKey);
    const skipped = new Set(failedGens.filter((g) => g.kind === 'skipped').map((g) => g.key));
    const rowKeys = [...gens.map((g) => g._id).filter((k) => !skipped.has(k)), ...verdicts.map((v) => v._id)];
    expect([...outcomes.keys()].sort()).toEqual(rowKeys.sort());
    const succeededKeys = [...answered.map((g) => g._id), ...verdicts.filter((v) => v.status === 'succeeded').map((v) => v._id)];
    const answeredOnceLast = (key: string) => {
      const o = outcomes.get(key) ?? [];
      return o.filter((x) => x === 'ok').length === 1 && o.at(-1) === 'ok';
    };
    expect(succeededKeys.filter((key) => !answeredOnceLast(key))).toEqual([]);
    expect(outcomes.get(REFUSED)).toEqual(['refusal']);
    expect(outcomes.get(failedVerdicts[0]!._id)).toEqual(['context_too_long']);
    expect(outcomes.get(EXHAUSTED)).toEqual(Array(MAX_ATTEMPTS).fill('rate_limit'));

    // the faults really happened, at the intended share of calls
    const all = [...outcomes.values()].flat();
    const byOutcome = (name: string) => all.filter((o) => o === name).length;
    const injected = ['rate_limit', 'server_error 500', 'server_error 503', 'server_error 529', 'hang', 'reset', 'malformed_json', 'truncated'];
    expect(injected.filter((fault) => byOutcome(fault) === 0)).toEqual([]);
    expect((all.length - byOutcome('ok')) / all.length).toBeGreaterThanOrEqual(0.1);

    // the report counts exactly the failed rows
    const report = await reportJson(h.db, result.campaignId);
    const expected = expectedFailures(gens, verdicts, JUDGE_ROUNDS);
    expect(report.failures).toEqual(expected);
    // refused + exhausted + context too long; 3 skipped rounds, and 5 lost answers × 3 judge rounds never attempted
    expect(result.report.failures).toEqual({ failed: 3, skipped: 3 + 5 * JUDGE_ROUNDS });

    // campaign status counts the same failed and skipped calls, per model and stage
    const progress = await campaignProgress(h.client, campaignId, h.db);
    for (const model of MODELS) {
      const m = progress.models.find((p) => p.modelId === model)!;
      for (const [stage, tally] of [['generation', m.generations], ['judgement', m.judgements]] as const) {
        const rows = expected.filter((r) => r.model === model && r.stage === stage);
        const sum = (outcome: FailureRow['outcome']) => rows.filter((r) => r.outcome === outcome).reduce((n, r) => n + r.count, 0);
        expect({ model, stage, failed: tally.failed, skipped: tally.skipped }).toEqual({ model, stage, failed: sum('failed'), skipped: sum('skipped') });
      }
    }
    expect(report.campaign.status).toBe('completed');
    for (const model of MODELS) {
      const summary = report.models.find((m) => m.model === model)!;
      expect(summary.invalid.records).toBe(verdicts.filter((v) => v.model === model).length);
      expect(summary.invalid.invalid).toBe(verdicts.filter((v) => v.model === model && v.score === null).length);
    }
  });

  it('stores a judge answer that is no verdict as answered but invalid (score null), and reports exactly those as invalid', async () => {
    // this campaign is about the judge's text, not transport faults
    h.fake.configure({ faults: [] });
    const { configFile } = await h.writeConfig({ sub: 'garbled', models: ['sim-model-a'], judges: [GARBLED_JUDGE], samples: 1, judgeRounds: 2 });
    const { campaignId } = await h.start(configFile, 'garbled');
    const result = await h.result(campaignId);
    expect(result.status).toBe('completed');

    const questions = await sampleQuestions(h.db);
    const plan = planned({ questions: questions.length, models: 1, samples: 1, judges: 1, judgeRounds: 2 });
    const verdicts = await collections(h.db).judgements.find({ campaignId }).toArray();
    expect(verdicts).toHaveLength(plan.judgements);
    expect(verdicts.every((v) => v.status === 'succeeded')).toBe(true);
    const invalid = verdicts.filter((v) => v.valid === false);
    // a 0.3 rate over 28 seeded draws: some, not all (the fixed campaign id makes the draws the same every run)
    expect(invalid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeLessThan(verdicts.length);
    expect(invalid.every((v) => v.score === null && v.raw === MALFORMED_JUDGE_TEXT && typeof v.invalidReason === 'string')).toBe(true);
    expect(verdicts.filter((v) => v.valid === true).every((v) => typeof v.score === 'number' && v.score >= 0 && v.score <= 5)).toBe(true);

    const calls = campaignCalls(h.fake, campaignId);
    expect(calls.total).toBe(plan.calls);
    expect(Object.values(calls.byKey).every((n) => n === 1)).toBe(true);

    const report = await reportJson(h.db, result.campaignId);
    const [summary] = report.models;
    expect(report.models).toHaveLength(1);
    expect(summary!.invalid.records).toBe(plan.judgements);
    expect(summary!.invalid.invalid).toBe(invalid.length);
    expect(summary!.invalid.reasons.reduce((n, r) => n + r.count, 0)).toBe(invalid.length);
    expect(summary!.invalid.reasons.some((r) => r.reason.startsWith('call failed'))).toBe(false);
    expect(report.failures).toEqual([]);
  });
});

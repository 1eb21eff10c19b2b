import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from 'mongodb';
import type { Question } from '../../dataset/schema.js';
import type { JsonReport } from '../../scoring/report/json.js';
import { collections } from '../../store/collections.js';
import type { FailureRow } from '../../scoring/report/failures.js';
import { loadQuestions } from '../../store/datasets.js';
import type { Simulator } from '../../simulator/server.js';

/** What campaign tests count: the plan, the stored rows and the fake provider's calls, each worked out independently. */

/** The questions of the sample set the campaign harness imports (dataset/sample.json). */
export function sampleQuestions(db: Db): Promise<Question[]> {
  return loadQuestions(db, 'sample@1');
}

export interface PlanShape {
  questions: number;
  models: number;
  samples: number;
  judges: number;
  judgeRounds: number;
}

/** Every (question, sample, model) answer and every (answer, judge, judging round) verdict; one paid call each. */
export function planned(shape: PlanShape): { generations: number; judgements: number; calls: number } {
  const generations = shape.questions * shape.models * shape.samples;
  const judgements = generations * shape.judges * shape.judgeRounds;
  return { generations, judgements, calls: generations + judgements };
}

export interface StoredCounts {
  generations: { succeeded: number; failed: number };
  judgements: { succeeded: number; failed: number };
}

export async function storedCounts(db: Db, campaignId: string): Promise<StoredCounts> {
  const { generations, judgements } = collections(db);
  const [gs, gf, js, jf] = await Promise.all([
    generations.countDocuments({ campaignId, status: 'succeeded' }),
    generations.countDocuments({ campaignId, status: 'failed' }),
    judgements.countDocuments({ campaignId, status: 'succeeded' }),
    judgements.countDocuments({ campaignId, status: 'failed' }),
  ]);
  return { generations: { succeeded: gs, failed: gf }, judgements: { succeeded: js, failed: jf } };
}

/**
 * The fake provider's calls for one campaign. Request keys are the stored rows' keys and start with the campaign id
 * (a judge-only campaign's too), so several campaigns can share one fake provider.
 */
export function campaignCalls(fake: Simulator, campaignId: string): { total: number; byKey: Record<string, number> } {
  const byKey = Object.fromEntries(Object.entries(fake.calls().byKey).filter(([key]) => key.startsWith(`${campaignId}/`)));
  return { total: Object.values(byKey).reduce((n, c) => n + c, 0), byKey };
}

/** Polls until `condition` holds; throws after `limitMs` so a stuck campaign fails the test instead of hanging it. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${limitMs} ms`);
    await sleep(50);
  }
}

/**
 * Resolves with the fake provider's call total once it has not changed for `quietMs`: calls in flight have
 * finished. Throws if calls keep coming for `limitMs`.
 */
export async function callsSettled(fake: Simulator, quietMs = 2_000, limitMs = 20_000): Promise<number> {
  const deadline = Date.now() + limitMs;
  let last = fake.calls().total;
  let since = Date.now();
  for (;;) {
    await sleep(100);
    const now = fake.calls().total;
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return now;
    }
    if (Date.now() > deadline) throw new Error(`calls were still being made after ${limitMs} ms (total ${now})`);
  }
}

export type CampaignReportJson = JsonReport & {
  campaign: { id: string; status: string; configHash: string };
  simulated: boolean;
  failures: FailureRow[];
};

/** The JSON report the campaign stored in MongoDB when it ended. */
export async function reportJson(db: Db, campaignId: string): Promise<CampaignReportJson> {
  const doc = await collections(db).reports.findOne({ _id: campaignId });
  const text = doc?.files.find((f) => f.name === 'report.json')?.text;
  if (!text) throw new Error(`campaign ${campaignId} stored no JSON report`);
  return JSON.parse(text) as CampaignReportJson;
}

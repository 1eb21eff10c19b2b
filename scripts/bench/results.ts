import { existsSync } from 'node:fs';
import path from 'node:path';
import { importDatasetFile } from '../../campaign/datasets.js';
import { generationKey, judgementKey } from '../../campaign/keys.js';
import { newCampaignDoc, resolveCampaignConfig } from '../../campaign/start.js';
import { currentTemplates } from '../../campaign/templates.js';
import { writeSimulatedCampaign } from '../../simulator/campaign-files.js';
import { collections } from '../../store/collections.js';
import { loadQuestions } from '../../store/datasets.js';
import { PUBLIC_SET, writeSyntheticDataset, type Bench } from './setup.js';
import type { Question } from '../../dataset/schema.js';
import { placementOf } from '../../scoring/score-record.js';
import type { GenerationDoc, JudgementDoc, StoredTemplate } from '../../store/campaign-docs.js';

/** What a benchmark's simulated campaign stores: its id, judge, judge rounds and configuration. */
export interface BenchCampaign {
  campaignId: string;
  judge: string;
  rounds: number;
  configHash: string;
  /** template by category */
  templates: ReadonlyMap<string, StoredTemplate>;
}

/**
 * One answer and its verdicts as the call steps store them (texts of a realistic length; about 2 % of verdicts
 * unreadable), drawn from `random` so every benchmark run stores the same campaign.
 */
export function benchResults(c: BenchCampaign, answer: { model: string; q: Question; sample: number; i: number }, random: () => number): { generation: GenerationDoc; judgements: JudgementDoc[] } {
  const { model, q, sample, i } = answer;
  const key = generationKey(c.campaignId, model, q.id, sample);
  const call = { configHash: c.configHash, category: q.category, round: q.round, sample, model, status: 'succeeded' as const, usage: { inputTokens: 400, outputTokens: 300 }, latencyMs: 900, simulated: true, updatedAt: new Date() };
  const generation: GenerationDoc = { _id: key, campaignId: c.campaignId, ...placementOf(q), ...call, profile: model, text: `[simulated answer ${i}] ${'这是模拟回答。'.repeat(60)}`, finishReason: 'stop' };
  const template = c.templates.get(q.category)!;
  const judgements = Array.from({ length: c.rounds }, (_, judgeRound): JudgementDoc => {
    const valid = random() > 0.02;
    const score = valid ? Math.min(5, Math.floor(random() * 6)) : null;
    return {
      _id: judgementKey(c.campaignId, key, c.judge, template.version, judgeRound),
      campaignId: c.campaignId,
      ...placementOf(q),
      ...call,
      generationKey: key,
      judge: c.judge,
      judgeProfile: c.judge,
      judgeRound,
      templateId: template.id,
      templateVersion: template.version,
      valid,
      score,
      ...(valid ? { rationale: `[simulated judge] ${'理由。'.repeat(30)}` } : { invalidReason: 'no score found' }),
      raw: `{"rationale": "${'理由。'.repeat(30)}", "score": ${score ?? '"?"'}} ${'附注。'.repeat(80)}`,
    };
  });
  return { generation, judgements };
}

/**
 * A finished simulated campaign's document over a dataset (the public set when present, else the bundled sample
 * copied 48 times), stored without running it: the benchmark stores its results itself.
 */
export async function benchCampaign(bench: Bench, options: { campaignId: string; dataset?: string | undefined; models: string[]; judge: string; samples: number; rounds: number }): Promise<{ campaign: BenchCampaign; questions: Question[] }> {
  const db = bench.store.db;
  const datasetFile = options.dataset ?? (existsSync(PUBLIC_SET) ? PUBLIC_SET : path.join(bench.dir, 'synthetic.json'));
  if (!options.dataset && !existsSync(PUBLIC_SET)) await writeSyntheticDataset(datasetFile, 48);
  const imported = await importDatasetFile(db, { file: datasetFile, name: 'bench' });
  const { configFile } = await writeSimulatedCampaign({ dir: path.join(bench.dir, 'campaign'), baseUrl: bench.fake.openaiBaseUrl, dataset: 'bench', models: options.models, judges: [options.judge], samples: options.samples, judgeRounds: options.rounds });
  const doc = { ...(await newCampaignDoc(await resolveCampaignConfig(configFile), options.campaignId, imported.dataset._id)), status: 'completed' as const };
  await collections(db).campaigns.insertOne(doc);
  const questions = await loadQuestions(db, imported.dataset._id);
  const templates = new Map(currentTemplates(doc as never, [...new Set(questions.map((q) => q.category))]).map((t) => [t.key.split('/')[0]!, t]));
  return { campaign: { campaignId: options.campaignId, judge: options.judge, rounds: options.rounds, configHash: doc.configHash, templates }, questions };
}

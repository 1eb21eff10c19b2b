import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCampaign } from '../../campaign/export.js';
import { categoryNameOf } from '../../dataset/categories.js';
import { parseSeedJson } from '../../dataset/read-json.js';
import { aggregateScores } from '../../scoring/aggregate/aggregate.js';
import { readScoredFiles } from '../../scoring/seed/read-scored-files.js';
import { collections } from '../../store/collections.js';
import { generationKey } from '../../campaign/keys.js';
import { reportJson, sampleQuestions } from '../support/campaign-checks.js';
import { runningHarness, type CampaignHarness } from '../support/campaign-harness.js';

const MODELS = ['sim-model-a', 'sim-model-b'];
const JUDGE = 'sim-judge';
const CAMPAIGN = 'export-seed';
/** refused, so this answer and the later rounds of its conversation are missing from the export's cells */
const REFUSED = generationKey(CAMPAIGN, 'sim-model-b', 'MK-1-1', 2);

let h: CampaignHarness;
runningHarness(
  { latencyMs: [0, 3], seed: 3, faults: [{ fault: 'refusal', keys: [REFUSED] }], malformedJudgeRate: { [JUDGE]: 0.15 } },
  [...MODELS, JUDGE],
  (harness) => (h = harness),
);

describe('campaign export --format seed', () => {
  it('read back as Aggregate.py reads it, gives the campaign report’s figures per model', async () => {
    const { configFile } = await h.writeConfig({ samples: 3, judgeRounds: 3 });
    await h.start(configFile, CAMPAIGN);
    const result = await h.result(CAMPAIGN);
    expect(result.status).toBe('completed');
    const report = await reportJson(h.db, result.campaignId);

    const out = path.join(h.dir, 'export');
    const outcome = await exportCampaign(h.db, { campaignId: CAMPAIGN, format: 'seed', out });
    const questions = await sampleQuestions(h.db);
    for (const model of MODELS) {
      const files = readdirSync(path.join(out, model)).sort();
      expect(files).toEqual(['s0-sim-judge-r0.json', 's0-sim-judge-r1.json', 's0-sim-judge-r2.json', 's1-sim-judge-r0.json', 's1-sim-judge-r1.json', 's1-sim-judge-r2.json', 's2-sim-judge-r0.json', 's2-sim-judge-r1.json', 's2-sim-judge-r2.json']);
      const read = readScoredFiles(files.map((f) => ({ file: f, text: readFileSync(path.join(out, model, f), 'utf8') })), { model });
      expect(read.warnings).toEqual([]);
      expect(read.questions).toHaveLength(questions.length);
      const fromFiles = aggregateScores(read.records).models[0]!;
      const fromCampaign = report.models.find((m) => m.model === model)!;
      expect(fromFiles.overall).toMatchObject({ questions: fromCampaign.overall.questions, usable: fromCampaign.overall.usable, op: fromCampaign.overall.op });
      for (const [category, cell] of Object.entries(fromCampaign.categories)) {
        expect(fromFiles.categories[category], `${model} ${category}`).toMatchObject({ questions: cell.questions, usable: cell.usable, usability: cell.usability });
      }
    }
    expect(outcome.files).toContain(path.join(out, 'README.md'));

    // the cells say what happened: a refused answer has no text and no score, an invalid verdict is -1
    const file = parseSeedJson(readFileSync(path.join(out, 'sim-model-b', 's2-sim-judge-r0.json'), 'utf8'), 'export') as Record<string, Record<string, unknown>[]>;
    expect(file['医疗知识']?.[0]).toMatchObject({ groupCode: 1, round: 1, model_answer: '', model_answer_score: '', model_answer_judgement: '' });
    const invalid = await collections(h.db).judgements.findOne({ campaignId: CAMPAIGN, status: 'succeeded', valid: false });
    expect(invalid).not.toBeNull();
    const scored = parseSeedJson(readFileSync(path.join(out, invalid!.model, `s${invalid!.sample}-${invalid!.judge}-r${invalid!.judgeRound}.json`), 'utf8'), 'export') as Record<string, unknown>;
    const items = scored[categoryNameOf(invalid!.category)] as { groupCode: unknown; round: unknown; model_answer_score: unknown; model_answer_judgement: unknown }[];
    const item = items.find((i) => i.groupCode === invalid!.groupCode && i.round === invalid!.round);
    expect(item).toMatchObject({ model_answer_score: -1, model_answer_judgement: invalid!.raw });

    const jsonl = path.join(h.dir, 'judgements.jsonl');
    const lines = await exportCampaign(h.db, { campaignId: CAMPAIGN, format: 'jsonl', out: jsonl });
    const rows = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(await collections(h.db).judgements.countDocuments({ campaignId: CAMPAIGN }));
    expect(lines.judgements).toBe(rows.length);
    expect(rows[0]).toHaveProperty('raw');
    expect(rows[0]).toHaveProperty('generationKey');
    expect(rows[0]).toHaveProperty('answer');
  });

  it('a missing campaign is a clear error', async () => {
    await expect(exportCampaign(h.db, { campaignId: 'no-such-campaign', format: 'seed', out: path.join(h.dir, 'x') })).rejects.toThrow('campaign no-such-campaign does not exist');
  });
});

import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from 'mongodb';
import { participantId } from '../config/campaign.js';
import { CATEGORY_CODES } from '../dataset/categories.js';
import { planConversations } from '../dataset/conversations.js';
import { campaignCollections, type CampaignDoc, type JudgementDoc } from '../store/campaign-docs.js';
import { loadQuestions } from '../store/datasets.js';
import { generationKey } from '../workflows/keys.js';
import { seedExportFiles } from './seed-export.js';
import { currentTemplateVersions } from './templates.js';

export const EXPORT_FORMATS = ['seed', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  campaignId: string;
  format: ExportFormat;
  /** seed: a folder (one sub-folder per model); jsonl: a file */
  out: string;
  /** judge template versions to export; default: the versions the campaign judges with now */
  templateVersions?: readonly string[];
}

export interface ExportOutcome {
  out: string;
  files: string[];
  judgements: number;
  templateVersions: string[];
  notes: string[];
}

async function campaignOf(db: Db, campaignId: string): Promise<CampaignDoc> {
  const doc = await campaignCollections(db).campaigns.findOne({ _id: campaignId });
  if (!doc) throw new Error(`campaign ${campaignId} does not exist`);
  return doc;
}

/** What Aggregate.py will compute differently from the campaign report, said where the files are. */
function exportNotes(doc: CampaignDoc): string[] {
  const { config } = doc;
  const notes: string[] = [];
  if (config.judging.mtgMode === 'dimensions') {
    notes.push(
      'MTG was judged on the five dimensions: model_answer_score holds the 0–7 total (usable at ≥ 5). Aggregate.py keeps only scores in [0, 5] and applies its ≥ 4 threshold, so it drops totals of 6 and 7 and its MTG figures (and OP) differ from the campaign report’s.',
    );
  }
  if (config.judges.length > 1) {
    notes.push(
      `${config.judges.length} judges: Aggregate.py over a model’s folder averages every judge’s scores together; the campaign combines the judges per answer and judge round first (panel rule "${config.judging.panelRule}"). With "mean" the figures agree only where every judge gave a valid score; run Aggregate.py on one judge’s files to compare one judge.`,
    );
  }
  if (config.threshold !== 4) notes.push(`The campaign's usable threshold is ${config.threshold}: run Aggregate.py with --threshold ${config.threshold}.`);
  return notes;
}

/** Writes a folder in full beside its final place, then swaps it in: a reader never sees half an export. */
async function writeFolderAtomically(out: string, files: readonly { path: string; text: string }[]): Promise<string[]> {
  const staging = `${out}.partial-${process.pid}`;
  const old = `${out}.old-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  for (const f of files) {
    const file = path.join(staging, f.path);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, f.text, 'utf8');
  }
  await rename(out, old).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await rename(staging, out);
  await rm(old, { recursive: true, force: true });
  return files.map((f) => path.join(out, f.path));
}

async function writeFileAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}

function readme(doc: CampaignDoc, versions: readonly string[], notes: readonly string[]): string {
  return [
    `# Campaign ${doc._id}: scored files in the LLMEval-Med repository's format`,
    '',
    `- Dataset: ${doc.datasetId}; judge template versions: ${versions.join(', ') || 'none'}`,
    '- One folder per model under test; one file per (sample, judge, judge round): `s<sample>-<judge>-r<round>.json`, counted from 0 as in the campaign’s keys.',
    '- `model_answer_score`: the parsed score; -1 where the judge gave no valid score; "" where the call failed or never ran.',
    '- The figures of one model: `python evaluate/Aggregate.py <model>/*.json`.',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

/**
 * Exports a campaign's stored answers and judgements: `seed`, the LLMEval-Med repository's scored-file format (so
 * its Aggregate.py can be run on a medeval campaign), or `jsonl`, one line per judgement with every stored field.
 */
export async function exportCampaign(db: Db, options: ExportOptions): Promise<ExportOutcome> {
  const doc = await campaignOf(db, options.campaignId);
  const { config } = doc;
  const { generations, judgements } = campaignCollections(db);
  const source = config.answersFrom?.campaign ?? doc._id;
  const questions = await loadQuestions(db, doc.datasetId);
  const plannedIds = new Set(planConversations(questions, config.filters).flatMap((c) => c.questionIds));
  const planned = questions.filter((q) => plannedIds.has(q.id));

  const current = await currentTemplateVersions(doc, [...new Set(planned.map((q) => q.category))].sort((a, b) => CATEGORY_CODES.indexOf(a) - CATEGORY_CODES.indexOf(b)));
  const versions = options.templateVersions?.length ? [...options.templateVersions] : options.format === 'seed' ? Object.values(current) : undefined;
  const wanted = versions ? new Set(versions) : undefined;
  const stored = (await judgements.find({ campaignId: doc._id }).toArray()).filter((j) => !wanted || (j.templateVersion !== undefined && wanted.has(j.templateVersion)));
  const answers = new Map((await generations.find({ campaignId: source }).toArray()).map((g) => [g._id, g]));

  if (options.format === 'jsonl') {
    const lines = stored.map((j: JudgementDoc) => JSON.stringify({ ...j, answer: answers.get(j.generationKey)?.text ?? null }));
    await writeFileAtomically(options.out, lines.length ? `${lines.join('\n')}\n` : '');
    return { out: options.out, files: [options.out], judgements: stored.length, templateVersions: versions ?? [...new Set(stored.flatMap((j) => (j.templateVersion ? [j.templateVersion] : [])))].sort(), notes: [] };
  }

  const models = [...new Set([...(config.answersFrom ? [] : config.models.map(participantId)), ...stored.map((j) => j.model)])].sort();
  const samples = Math.max(config.samples, ...stored.map((j) => j.sample + 1));
  const notes = exportNotes(doc);
  const files = seedExportFiles({
    questions: planned,
    models,
    judges: config.judges.map(participantId),
    samples,
    judgeRounds: config.judgeRounds,
    generations: answers,
    generationKeyOf: (model, questionId, sample) => generationKey(source, model, questionId, sample),
    judgements: stored,
  });
  const written = await writeFolderAtomically(options.out, [...files, { path: 'README.md', text: readme(doc, versions ?? [], notes) }]);
  return { out: options.out, files: written, judgements: stored.length, templateVersions: versions ?? [], notes };
}

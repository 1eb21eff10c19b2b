import type { Db } from 'mongodb';
import { participantId } from '../config/campaign.js';
import { judgeModeFor } from '../scoring/judge-modes/index.js';
import { selectCurrentRecords } from '../scoring/judging-version.js';
import { planConversations } from '../dataset/conversations.js';
import { writeFileAtomically, writeFolderAtomically } from '../lib/atomic-write.js';
import type { CampaignDoc, JudgementDoc } from '../store/campaign-docs.js';
import { collections } from '../store/collections.js';
import { loadQuestions } from '../store/datasets.js';
import { loadRefinementLayers } from '../store/refinements.js';
import { loadCampaign } from './context.js';
import { generationKey } from './keys.js';
import { seedExportFiles } from './seed-export.js';
import { baseTemplateVersions, currentTemplates } from './templates.js';

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

/** What Aggregate.py will compute differently from the campaign report, said where the files are. */
function exportNotes(doc: CampaignDoc, categories: readonly string[]): string[] {
  const { config } = doc;
  const notes: string[] = [];
  for (const c of new Set(categories)) {
    const mode = judgeModeFor(c, config.judging);
    if (mode.scale.min === 0 && mode.scale.max === 5) continue;
    notes.push(
      `${c} was judged in mode ${mode.mode} (${mode.describe}, usable at ≥ ${mode.usableThreshold ?? config.threshold}): model_answer_score holds that score. Aggregate.py keeps only scores in [0, 5] and applies its ≥ 4 threshold, so it drops scores above 5 and its ${c} figures (and OP) differ from the campaign report’s.`,
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
  const doc = await loadCampaign(db, options.campaignId);
  const { config } = doc;
  const { generations, judgements } = collections(db);
  const source = config.answersFrom?.campaign ?? doc._id;
  const questions = await loadQuestions(db, doc.datasetId);
  const plannedIds = new Set(planConversations(questions, config.filters).flatMap((c) => c.questionIds));
  const planned = questions.filter((q) => plannedIds.has(q.id));

  const templates = currentTemplates(doc, planned.map((q) => q.category));
  const all = await judgements.find({ campaignId: doc._id }).toArray();
  const wanted = options.templateVersions?.length ? new Set(options.templateVersions) : undefined;
  // seed files hold one verdict per answer and round: by default the ones that count now (refinements folded in)
  const stored = wanted
    ? all.filter((j) => j.templateVersion !== undefined && wanted.has(j.templateVersion))
    : options.format === 'seed'
      ? selectCurrentRecords(all, baseTemplateVersions(templates), await loadRefinementLayers(db, doc._id))
      : all;
  const counted = [...new Set(stored.flatMap((j) => (j.templateVersion ? [j.templateVersion] : [])))].sort();
  const versions = wanted ? [...wanted] : options.format === 'seed' ? (counted.length > 0 ? counted : templates.map((t) => t.version)) : undefined;
  const answers = new Map((await generations.find({ campaignId: source }).toArray()).map((g) => [g._id, g]));

  if (options.format === 'jsonl') {
    const lines = stored.map((j: JudgementDoc) => JSON.stringify({ ...j, answer: answers.get(j.generationKey)?.text ?? null }));
    await writeFileAtomically(options.out, lines.length ? `${lines.join('\n')}\n` : '');
    return { out: options.out, files: [options.out], judgements: stored.length, templateVersions: versions ?? counted, notes: [] };
  }

  const models = [...new Set([...(config.answersFrom ? [] : config.models.map(participantId)), ...stored.map((j) => j.model)])].sort();
  const samples = Math.max(config.samples, ...stored.map((j) => j.sample + 1));
  const notes = exportNotes(doc, planned.map((q) => q.category));
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

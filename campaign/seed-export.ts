import type { Question } from '../dataset/schema.js';
import { serializeSeedFile } from '../dataset/export-format.js';
import { scoredSeedFile, type ScoredCell } from '../scoring/seed/write-scored-files.js';
import type { GenerationDoc, JudgementDoc } from '../store/campaign-docs.js';

/** What one model's stored results look like to the seed export. */
export interface SeedExportInput {
  /** the campaign's planned questions (after filters), in dataset order */
  questions: readonly Question[];
  models: readonly string[];
  judges: readonly string[];
  samples: number;
  judgeRounds: number;
  /** generations by key; `generationKeyOf(model, questionId, sample)` finds one */
  generations: ReadonlyMap<string, Pick<GenerationDoc, 'status' | 'text'>>;
  generationKeyOf: (model: string, questionId: string, sample: number) => string;
  /** the judgements to export (already narrowed to the template versions asked for) */
  judgements: readonly Pick<JudgementDoc, 'model' | 'questionId' | 'sample' | 'judge' | 'judgeRound' | 'status' | 'valid' | 'score' | 'raw'>[];
}

export interface SeedExportFile {
  /** relative to the export folder: `<model>/s<sample>-<judge>-r<round>.json` (sample and round count from 0, as in the keys) */
  path: string;
  text: string;
}

/** A judgement as Evaluate.py would have written it: the parsed score, -1 when the judge gave none, '' when the call failed. */
function cellScore(j: SeedExportInput['judgements'][number] | undefined): ScoredCell['score'] {
  if (!j || j.status !== 'succeeded') return '';
  return j.valid && typeof j.score === 'number' ? j.score : -1;
}

/**
 * One scored file per (model, sample, judge, judge round), in the dataset format plus model_answer,
 * model_answer_score and model_answer_judgement, so that the LLMEval-Med repository's Aggregate.py over one model's
 * folder computes what the campaign report computes for that model (score mode, one judge).
 */
export function seedExportFiles(input: SeedExportInput): SeedExportFile[] {
  const byCell = new Map(input.judgements.map((j) => [JSON.stringify([j.model, j.sample, j.judge, j.judgeRound, j.questionId]), j]));
  const files: SeedExportFile[] = [];
  for (const model of input.models) {
    for (let sample = 0; sample < input.samples; sample += 1) {
      for (const judge of input.judges) {
        for (let round = 0; round < input.judgeRounds; round += 1) {
          const cells = new Map<string, ScoredCell>();
          for (const q of input.questions) {
            const generation = input.generations.get(input.generationKeyOf(model, q.id, sample));
            const judgement = byCell.get(JSON.stringify([model, sample, judge, round, q.id]));
            cells.set(q.id, {
              answer: generation?.status === 'succeeded' ? (generation.text ?? '') : '',
              score: cellScore(judgement),
              judgement: judgement?.status === 'succeeded' ? (judgement.raw ?? '') : '',
            });
          }
          files.push({ path: `${model}/s${sample}-${judge}-r${round}.json`, text: `${serializeSeedFile(scoredSeedFile(input.questions, cells))}\n` });
        }
      }
    }
  }
  return files;
}

import { readFile } from 'node:fs/promises';
import { shortHash } from '../lib/content-hash.js';
import { aggregateScores, type AggregateResult } from '../scoring/aggregate/aggregate.js';
import type { BootstrapOptions } from '../scoring/bootstrap.js';
import { renderReport, type ReportFiles } from '../scoring/report/bundle.js';
import { readScoredFiles } from '../scoring/seed/read-scored-files.js';

export interface SeedReportOptions {
  model: string;
  judgeModel: string;
  templateVersion: string;
  datasetName: string;
  threshold: number;
  bootstrap?: Partial<BootstrapOptions>;
  /** base name of the files, e.g. `report` */
  base?: string;
}

/**
 * The report of the LLMEval-Med repository's scored files (one per judge round of one model), read as its
 * Aggregate.py reads them, through the same builder as campaign reports. No services are needed.
 */
export async function buildSeedReport(files: readonly string[], options: SeedReportOptions): Promise<{ files: ReportFiles; result: AggregateResult; warnings: string[] }> {
  const texts = await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  const read = readScoredFiles(texts, { model: options.model, templateVersion: options.templateVersion });
  const result = aggregateScores(read.records, { threshold: options.threshold, ...(options.bootstrap ? { bootstrap: options.bootstrap } : {}) });
  // seed files carry no dataset version, so the report names the questions by a hash of their text
  const fingerprint = shortHash(JSON.stringify(read.questions.map((q) => [q.id, q.problem]).sort()));
  const context = {
    datasetName: options.datasetName,
    datasetVersion: `questions sha256 ${fingerprint}`,
    templates: [{ id: 'the seed files’ judge prompt', version: options.templateVersion }],
    judgeModels: [options.judgeModel],
  };
  return { files: await renderReport(result, context, { warnings: read.warnings }, options.base), result, warnings: read.warnings };
}

import type { AggregateResult, ModelSummary } from '../aggregate/aggregate.js';
import type { ReviewAgreement } from '../agreement/review-rows.js';
import type { RefinementComparison } from '../refinement-compare.js';
import type { ReportContext } from './context.js';

export interface JsonReport extends AggregateResult {
  context: Omit<ReportContext, 'agreement' | 'refinements'>;
  /** the physicians' review (`ReviewAgreement`), when the campaign has one with submissions */
  agreement?: ReviewAgreement;
  /** before and after of each finished refinement (`RefinementComparison`), when the campaign has any */
  refinements?: RefinementComparison[];
  /** the only model's overall figures, when the report has exactly one model */
  overall?: ModelSummary['overall'];
  /** the only model's per-category figures (by code: MK, MLU, MR, MSE, MTG), when the report has exactly one model */
  categories?: ModelSummary['categories'];
}

/**
 * The whole aggregate with its context; for a single model, `overall` and `categories` are also at the top; the
 * review's agreement, when there is one, at the top as `agreement`, and refinements' before/after as `refinements`.
 */
export function jsonReport(result: AggregateResult, context: ReportContext): JsonReport {
  const only = result.models.length === 1 ? result.models[0] : undefined;
  const { agreement, refinements, ...facts } = context;
  return { context: facts, ...result, ...(only ? { overall: only.overall, categories: only.categories } : {}), ...(agreement ? { agreement } : {}), ...(refinements?.length ? { refinements } : {}) };
}

import type { CampaignState } from '../campaign-handlers.js';

/**
 * Phase 2: expert review — physicians review a stratified sample of the judgements, blind. The review workflow
 * fills this phase; until then every campaign goes straight on to its report.
 */
export function review(state: CampaignState): void {
  state.phase = 'review';
}

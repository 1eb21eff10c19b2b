import { participantId, type CampaignConfig } from '../config/campaign.js';
import type { ProviderProfile } from '../providers/profiles.js';

export interface SelfJudging {
  judge: string;
  model: string;
  /** the provider model both call */
  providerModel: string;
}

// The same provider model behind the same endpoint: a judge grading its own answers (LLM judges favour them).
const sameModel = (a: ProviderProfile | undefined, b: ProviderProfile | undefined) =>
  a !== undefined && b !== undefined && a.kind === b.kind && a.model === b.model && (a.baseUrl ?? '') === (b.baseUrl ?? '');

/** Judges that call the same provider model as a model under test. */
export function selfJudgingPairs(config: CampaignConfig, profiles: Readonly<Record<string, ProviderProfile>>): SelfJudging[] {
  return config.judges.flatMap((j) =>
    config.models
      .filter((m) => sameModel(profiles[j.profile], profiles[m.profile]))
      .map((m) => ({ judge: participantId(j), model: participantId(m), providerModel: profiles[j.profile]!.model })),
  );
}

export const describeSelfJudging = (p: SelfJudging) => `judge ${p.judge} is model ${p.model} (${p.providerModel})`;

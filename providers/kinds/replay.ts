import { ReplayProvider } from '../replay-provider.js';
import type { ProviderKindSpec } from './kind-spec.js';

/** Answers read from files another run wrote (the seed repository's answer format, or JSONL). */
export const replayKind: ProviderKindSpec = {
  kind: 'replay',
  describe: 'answers from files',
  check: (profile) => (profile.replayFiles ? [] : [{ path: 'replayFiles', message: 'required for kind replay (answer files to read)' }]),
  create: (profile) => new ReplayProvider(profile.replayFiles ?? []),
};

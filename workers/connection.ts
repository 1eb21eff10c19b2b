import { NativeConnection } from '@temporalio/worker';
import type { Settings } from '../config/settings.js';

export function connectWorker(settings: Pick<Settings, 'temporalAddress'>): Promise<NativeConnection> {
  return NativeConnection.connect({ address: settings.temporalAddress }).catch((err: unknown) => {
    throw new Error(`cannot reach Temporal at ${settings.temporalAddress} (${err instanceof Error ? err.message : String(err)}); is \`medeval dev up\` running?`);
  });
}

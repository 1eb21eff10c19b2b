import { NativeConnection } from '@temporalio/worker';
import type { Settings } from '../config/settings.js';
import { temporalConnectionOptions } from '../config/temporal-connection.js';

export function connectWorker(settings: Pick<Settings, 'temporalAddress'>): Promise<NativeConnection> {
  return NativeConnection.connect({ address: settings.temporalAddress, ...temporalConnectionOptions() }).catch((err: unknown) => {
    throw new Error(`cannot reach Temporal at ${settings.temporalAddress} (${err instanceof Error ? err.message : String(err)}); is \`medeval dev up\` running?`);
  });
}

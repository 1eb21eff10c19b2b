import { Client, Connection } from '@temporalio/client';
import { codecDataConverter } from '../codec/payload-codec.js';
import type { Settings } from '../config/settings.js';
import { temporalConnectionOptions } from '../config/temporal-connection.js';
import { probeEndpoint } from '../lib/endpoint.js';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

/**
 * A connected client, encrypting payloads when MEDEVAL_CODEC_KEY is set in `env`; when Temporal does not answer,
 * the error says what is at its address instead.
 */
export async function connectClient(settings: Pick<Settings, 'temporalAddress' | 'temporalNamespace'>, env: NodeJS.ProcessEnv = process.env): Promise<Client> {
  // a bad key is an error before anything connects
  const dataConverter = codecDataConverter(env);
  const connection = await Connection.connect({ address: settings.temporalAddress, connectTimeout: '5s', ...temporalConnectionOptions() }).catch(async (err: unknown) => {
    const seen = await probeEndpoint(settings.temporalAddress);
    throw new Error(
      `cannot reach Temporal at ${settings.temporalAddress} (TEMPORAL_ADDRESS): ${seen} [${err instanceof Error ? err.message : String(err)}]; is \`medeval dev up\` running?`,
      { cause: err },
    );
  });
  return new Client({ connection, namespace: settings.temporalNamespace, dataConverter });
}

/** Registers the custom search attributes; safe to repeat, and works on the dev server and a real cluster alike. */
export async function ensureSearchAttributes(client: Client, namespace: string): Promise<void> {
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  const missing = SEARCH_ATTRIBUTES.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  const types: Record<string, number> = { KEYWORD: 2, DOUBLE: 4 };
  await client.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, types[key.type] ?? 2])),
  });
}

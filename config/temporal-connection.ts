import { readFileSync } from 'node:fs';

/**
 * How clients and workers authenticate to a Temporal cluster, from the variables the Temporal CLI itself reads:
 * TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY (mTLS client pair), TEMPORAL_TLS_CA (a private CA), TEMPORAL_TLS_SERVER_NAME,
 * TEMPORAL_TLS=true (TLS without a client pair, e.g. with an API key), TEMPORAL_API_KEY. Nothing is set for the
 * local dev server. The key is read here at connect time and goes only into the connection's metadata.
 */
export interface TemporalConnectionOptions {
  tls?: true | { clientCertPair?: { crt: Buffer; key: Buffer }; serverRootCACertificate?: Buffer; serverNameOverride?: string };
  apiKey?: string;
}

function file(env: NodeJS.ProcessEnv, name: string): Buffer | undefined {
  const at = env[name];
  if (!at) return undefined;
  try {
    return readFileSync(at);
  } catch (err) {
    throw new Error(`environment variable ${name}: cannot read ${at} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
}

export function temporalConnectionOptions(env: NodeJS.ProcessEnv = process.env): TemporalConnectionOptions {
  const crt = file(env, 'TEMPORAL_TLS_CERT');
  const key = file(env, 'TEMPORAL_TLS_KEY');
  if (Boolean(crt) !== Boolean(key)) throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY are a pair: set both or neither');
  const ca = file(env, 'TEMPORAL_TLS_CA');
  const serverName = env.TEMPORAL_TLS_SERVER_NAME || undefined;
  const apiKey = env.TEMPORAL_API_KEY || undefined;
  const details = {
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(serverName ? { serverNameOverride: serverName } : {}),
  };
  const tls = Object.keys(details).length > 0 ? details : env.TEMPORAL_TLS === 'true' || apiKey ? (true as const) : undefined;
  return { ...(tls ? { tls } : {}), ...(apiKey ? { apiKey } : {}) };
}

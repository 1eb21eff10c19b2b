import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporalConnectionOptions } from '../../../config/temporal-connection.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'medeval-tls-'));
const pem = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('temporalConnectionOptions', () => {
  it('sets nothing for the local dev server', () => {
    expect(temporalConnectionOptions({})).toEqual({});
  });

  it('mTLS: the client pair, a private CA and a server name, read from the files named', () => {
    const env = { TEMPORAL_TLS_CERT: pem('c.pem', 'CERT'), TEMPORAL_TLS_KEY: pem('k.pem', 'KEY'), TEMPORAL_TLS_CA: pem('ca.pem', 'CA'), TEMPORAL_TLS_SERVER_NAME: 'ns.tmprl.cloud' };
    const { tls } = temporalConnectionOptions(env);
    expect(tls).toEqual({ clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') }, serverRootCACertificate: Buffer.from('CA'), serverNameOverride: 'ns.tmprl.cloud' });
  });

  it('an API key turns TLS on; TEMPORAL_TLS=true alone too', () => {
    expect(temporalConnectionOptions({ TEMPORAL_API_KEY: 'k-123' })).toEqual({ tls: true, apiKey: 'k-123' });
    expect(temporalConnectionOptions({ TEMPORAL_TLS: 'true' })).toEqual({ tls: true });
  });

  it('half a pair, or a file that cannot be read, is an error naming the variable', () => {
    expect(() => temporalConnectionOptions({ TEMPORAL_TLS_CERT: pem('only.pem', 'C') })).toThrow(/TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY are a pair/);
    expect(() => temporalConnectionOptions({ TEMPORAL_TLS_CA: path.join(dir, 'missing.pem') })).toThrow(/TEMPORAL_TLS_CA: cannot read .*missing\.pem \(ENOENT\)/);
  });
});

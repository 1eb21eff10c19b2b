import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ProviderLogger } from '../../../providers/sdk-logger.js';
import { APIS, ask, failureOf, providerFor, useSimulator } from './fixtures.js';

// distinctive, so that any appearance anywhere is unmistakable
const SECRET = 'medeval-DISTINCTIVE-test-key-5e1f0c9a7b';

function capturingLogger(lines: string[]): ProviderLogger {
  const keep = (...args: unknown[]) => lines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' '));
  return { error: keep, warn: keep, info: keep, debug: keep };
}

describe.each(APIS)('%s: the API key appears in no log, error message, stack, cause or JSON', (api) => {
  // the server accepts only another key, and its 401 message echoes the key it was given
  const fake = useSimulator({ validKeys: ['the-only-valid-key'] });

  it('failing calls with a distinctive key leave no trace of it', async () => {
    const logs: string[] = [];
    const provider = providerFor(fake(), api, { key: SECRET, timeoutMs: 300, logger: capturingLogger(logs), logLevel: 'debug' });
    const errors = [await failureOf(provider.complete(ask('auth failure')))];
    fake().configure({ validKeys: [SECRET] });
    for (const fault of ['server_error', 'rate_limit', 'malformed_json', 'truncated', 'reset', 'hang'] as const) {
      fake().configure({ faults: [{ fault, retryAfter: 1 }] });
      errors.push(await failureOf(provider.complete(ask(`fault ${fault}`))));
    }

    expect(errors[0]).toMatchObject({ kind: 'auth' });
    // proof the server did echo it: the scrubbed message shows where it was
    expect(errors[0]!.message).toContain('Incorrect API key provided: [REDACTED]');
    expect(logs.length).toBeGreaterThan(5);
    const everything = [
      ...logs,
      ...errors.flatMap((err) => [err.message, err.stack ?? '', JSON.stringify(err), String(err.cause), (err.cause as Error | undefined)?.stack ?? '', inspect(err, { depth: 10 })]),
    ].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(encodeURIComponent(SECRET));
  });
});

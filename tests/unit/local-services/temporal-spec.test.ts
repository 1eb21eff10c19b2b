import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../config/settings.js';
import { temporalSpec } from '../../../local-services/services.js';

describe('dev up: the Temporal dev server and the codec', () => {
  it('points the UI at the codec server only when the codec is configured, on MEDEVAL_CODEC_PORT', () => {
    const plain = temporalSpec(loadSettings({}), process.env.TEMPORAL_CLI_PATH ? { TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH } : {});
    expect(plain.args).not.toContain('--ui-codec-endpoint');
    const env = { MEDEVAL_CODEC_KEY: randomBytes(32).toString('base64'), MEDEVAL_CODEC_KEY_ID: 'k1', MEDEVAL_CODEC_PORT: '9911' };
    const args = temporalSpec(loadSettings(env), env).args;
    expect(args[args.indexOf('--ui-codec-endpoint') + 1]).toBe('http://127.0.0.1:9911');
    expect(() => temporalSpec(loadSettings({}), { MEDEVAL_CODEC_KEY: 'c2hvcnQ=', MEDEVAL_CODEC_KEY_ID: 'k1' })).toThrow(/MEDEVAL_CODEC_KEY: the key must be 32 bytes \(AES-256\), got 5/);
  });
});

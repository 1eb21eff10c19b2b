import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { codecDataConverter, codecFromEnv, codecWorkerDataConverter, EncryptionCodec, FAILURE_CONVERTER_PATH } from '../../../codec/payload-codec.js';

const env = (id: string, key: Buffer, old?: string) => ({ MEDEVAL_CODEC_KEY: key.toString('base64'), MEDEVAL_CODEC_KEY_ID: id, ...(old ? { MEDEVAL_CODEC_OLD_KEYS: old } : {}) });
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const value = { campaignId: 'c-1', questionId: 'MK-7-1', problem: '空腹血糖是6.5 mmol/L' };
const payload = defaultPayloadConverter.toPayload(value);
const utf8 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');

describe('EncryptionCodec', () => {
  it('encrypts the whole payload, metadata too, and decodes it back exactly', async () => {
    const codec = codecFromEnv(env('k1', k1))!;
    const [sealed] = await codec.encode([payload]);
    expect(utf8(sealed!.metadata!.encoding)).toBe('binary/encrypted');
    expect(utf8(sealed!.metadata!['encryption-key-id'])).toBe('k1');
    for (const plain of ['MK-7-1', 'c-1', 'json/plain', '6.5']) expect(Buffer.from(sealed!.data!).includes(plain)).toBe(false);
    const [back] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(back!)).toEqual(value);
    expect(utf8(back!.metadata!.encoding)).toBe('json/plain');
  });

  it('rotation: the new key decodes what the old one sealed while it is listed in MEDEVAL_CODEC_OLD_KEYS, and not after', async () => {
    const [old] = await codecFromEnv(env('k1', k1))!.encode([payload]);
    const rotated = codecFromEnv(env('k2', k2, `k1:${k1.toString('base64')}`))!;
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([old!]))[0]!)).toEqual(value);
    expect(utf8((await rotated.encode([payload]))[0]!.metadata!['encryption-key-id'])).toBe('k2');
    await expect(codecFromEnv(env('k2', k2))!.decode([old!])).rejects.toThrow(/payload 0: encrypted with key id k1, which is neither MEDEVAL_CODEC_KEY_ID nor in MEDEVAL_CODEC_OLD_KEYS/);
  });

  it('a payload relabelled with another key id does not open (the id is authenticated)', async () => {
    const both = codecFromEnv(env('k2', k2, `k1:${k1.toString('base64')}`))!;
    const [sealed] = await both.encode([payload]);
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-key-id': Buffer.from('k1') } };
    await expect(both.decode([relabelled])).rejects.toThrow(/does not authenticate/);
  });

  it('plain payloads (from before the codec was on) pass through decoding', async () => {
    expect(await codecFromEnv(env('k1', k1))!.decode([payload])).toEqual([payload]);
  });

  it('the data converters have the codec, and failures encoded, only when the key is set', () => {
    expect(codecDataConverter({})).toEqual({});
    expect(codecWorkerDataConverter({})).toEqual({});
    const client = codecDataConverter(env('k1', k1));
    expect(client.payloadCodecs![0]).toBeInstanceOf(EncryptionCodec);
    expect((client.failureConverter as unknown as { options: { encodeCommonAttributes: boolean } }).options.encodeCommonAttributes).toBe(true);
    const worker = codecWorkerDataConverter(env('k1', k1));
    expect(worker.payloadCodecs![0]).toBeInstanceOf(EncryptionCodec);
    expect(worker.failureConverterPath).toBe(FAILURE_CONVERTER_PATH);
    expect(existsSync(FAILURE_CONVERTER_PATH)).toBe(true);
    expect(() => codecDataConverter({ MEDEVAL_CODEC_KEY: 'x' })).toThrow(/MEDEVAL_CODEC_KEY_ID/);
  });
});

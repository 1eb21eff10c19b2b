import { createRequire } from 'node:module';
import path from 'node:path';
import type { FailureConverter, Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { codecKeysFrom, type CodecKeys } from '../config/codec-keys.js';
import { PROJECT_ROOT } from '../config/settings.js';
import { open, seal } from '../lib/aead.js';

/** Temporal's conventional encoding name for encrypted payloads (the UI and other SDKs' samples use it too). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID_METADATA = 'encryption-key-id';
const { Payload: PayloadProto } = proto.temporal.api.common.v1;

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array | null | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

/**
 * Encrypts every payload whole (its metadata too, so not even the encoding shows) with AES-256-GCM under the
 * current key; the key id travels in the clear, authenticated, so a rotated key still decrypts what it sealed.
 * Payloads that were never encrypted (written before the codec was on) pass through decoding unchanged.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: CodecKeys) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { currentId } = this.keys;
    const key = this.keys.keys.get(currentId)!;
    return payloads.map((payload) => ({
      metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(currentId) },
      data: seal(key, PayloadProto.encode(payload).finish(), utf8(currentId)),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload, n) => {
      if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const id = text(payload.metadata?.[KEY_ID_METADATA]);
      if (!id) throw new Error(`payload ${n}: encrypted, but names no key id`);
      const key = this.keys.keys.get(id);
      if (!key) throw new Error(`payload ${n}: encrypted with key id ${id}, which is neither MEDEVAL_CODEC_KEY_ID nor in MEDEVAL_CODEC_OLD_KEYS`);
      if (!payload.data) throw new Error(`payload ${n}: encrypted, but has no data`);
      return PayloadProto.decode(open(key, payload.data, utf8(id)));
    });
  }
}

/** The codec for this process's environment, or none when MEDEVAL_CODEC_KEY is not set. */
export function codecFromEnv(env: NodeJS.ProcessEnv = process.env): EncryptionCodec | undefined {
  const keys = codecKeysFrom(env);
  return keys ? new EncryptionCodec(keys) : undefined;
}

/** The failure converter that moves failure messages and stacks into an encoded (so encrypted) payload; by path, for workers and their bundle. */
export const FAILURE_CONVERTER_PATH = path.join(PROJECT_ROOT, 'codec/failure-converter.cjs');

/** The data converter every Temporal client of medeval takes: the codec and encoded failures when configured, else nothing. */
export function codecDataConverter(env: NodeJS.ProcessEnv = process.env): { payloadCodecs?: PayloadCodec[]; failureConverter?: FailureConverter } {
  const codec = codecFromEnv(env);
  if (!codec) return {};
  const { failureConverter } = createRequire(import.meta.url)(FAILURE_CONVERTER_PATH) as { failureConverter: FailureConverter };
  return { payloadCodecs: [codec], failureConverter };
}

/** The same for a worker, which loads the failure converter by path (its workflow bundle must be built with it too). */
export function codecWorkerDataConverter(env: NodeJS.ProcessEnv = process.env): { payloadCodecs?: PayloadCodec[]; failureConverterPath?: string } {
  const codec = codecFromEnv(env);
  return codec ? { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH } : {};
}

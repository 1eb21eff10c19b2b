import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { guardedCall } from '../../../providers/call-guard.js';
import { ProviderError } from '../../../providers/errors.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const options = (signal?: AbortSignal) => ({ timeoutMs: 60_000, secrets: [], ...(signal ? { signal } : {}) });

describe('guardedCall', () => {
  it('lets the signals of finished calls be collected although the SDK left a listener on them', async () => {
    // what the provider SDKs do: an abort listener on the signal they are given, never removed
    const activity = new AbortController();
    const given: WeakRef<AbortSignal>[] = [];
    for (let i = 0; i < 200; i += 1) {
      await guardedCall(options(activity.signal), async (signal) => {
        signal.addEventListener('abort', () => undefined);
        given.push(new WeakRef(signal));
        return i;
      });
    }
    for (let round = 0; round < 3; round += 1) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    expect(given.filter((r) => r.deref() !== undefined).length).toBeLessThan(10);
  });

  it('removes its listener from the caller\'s signal after the call', async () => {
    const activity = new AbortController();
    await guardedCall(options(activity.signal), async () => 1);
    expect(EventEmitter.getEventListeners(activity.signal, 'abort')).toHaveLength(0);
  });

  it('aborts the call when the caller cancels, and says so', async () => {
    const activity = new AbortController();
    const call = guardedCall(options(activity.signal), (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));
    activity.abort();
    await expect(call).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('aborts at once when the caller\'s signal is already aborted', async () => {
    const activity = new AbortController();
    activity.abort();
    let aborted = false;
    await expect(guardedCall(options(activity.signal), async (signal) => ((aborted = signal.aborted), Promise.reject(new Error('x'))))).rejects.toBeInstanceOf(ProviderError);
    expect(aborted).toBe(true);
  });

  it('aborts the call at its deadline as a timeout', async () => {
    const call = guardedCall({ timeoutMs: 20, secrets: [] }, (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));
    await expect(call).rejects.toMatchObject({ kind: 'timeout' });
  });
});

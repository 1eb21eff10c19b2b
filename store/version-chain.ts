import type { Collection } from 'mongodb';

/** One version of a shared state: `<key>/v<n>`; `<key>/head` (n only) says where to start looking for the latest. */
export interface VersionDoc<T> {
  _id: string;
  key: string;
  n: number;
  at: Date;
  state?: T;
}

/** Versions kept behind the latest; older ones are deleted (every HEAD_EVERY writes, by _id). */
const KEEP = 1_000;
const HEAD_EVERY = 50;

const versionId = (key: string, n: number) => `${key}/v${n}`;
const headId = (key: string) => `${key}/head`;

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * A state shared by many processes, changed atomically without transactions: every change inserts the next version
 * under a new `_id`, and the unique `_id` lets exactly one writer make version n + 1 (FerretDB v1 reads and writes
 * a conditional update or `$inc` in two steps, so concurrent ones lose updates; a duplicate `_id` insert fails
 * atomically there and on MongoDB alike). Every lookup is by `_id`.
 */
export class VersionChain<T> {
  constructor(private readonly docs: Collection<VersionDoc<unknown>>) {}

  /** The latest version at or after `from` (or the head hint, if later): n 0 and no state when none was written. */
  async latest(key: string, from = 0): Promise<{ n: number; state: T | undefined }> {
    const head = await this.docs.findOne({ _id: headId(key) });
    let n = Math.max(from, head?.n ?? 0);
    let doc = n > 0 ? await this.docs.findOne({ _id: versionId(key, n) }) : null;
    for (;;) {
      const next = await this.docs.findOne({ _id: versionId(key, n + 1) });
      if (!next) break;
      doc = next;
      n += 1;
    }
    return { n, state: doc?.state as T | undefined };
  }

  /** Writes version n + 1; false when another writer made it first (read `latest` and try again). */
  async tryWrite(key: string, n: number, state: T): Promise<boolean> {
    try {
      await this.docs.insertOne({ _id: versionId(key, n + 1), key, n: n + 1, at: new Date(), state });
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    if ((n + 1) % HEAD_EVERY === 0) await this.compact(key, n + 1);
    return true;
  }

  /**
   * Moves the head hint up and deletes a stretch of versions far behind it. A lost hint update only means a longer
   * walk; deleted ids are never written again by a writer that read the hint within the last KEEP versions.
   */
  private async compact(key: string, n: number): Promise<void> {
    await this.docs.updateOne({ _id: headId(key) }, { $set: { key, at: new Date() }, $max: { n } }, { upsert: true });
    const ids = Array.from({ length: HEAD_EVERY }, (_, i) => versionId(key, n - KEEP - i)).filter((_, i) => n - KEEP - i > 0);
    if (ids.length) await this.docs.deleteMany({ _id: { $in: ids } });
  }
}

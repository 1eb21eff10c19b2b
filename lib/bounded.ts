/**
 * Runs `task` for every item, at most `concurrency` at a time (e.g. many lookups by `_id`, which a server answers
 * from its index one by one); resolves once all are done, rejects with the first failure.
 */
export async function forEachBounded<T>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

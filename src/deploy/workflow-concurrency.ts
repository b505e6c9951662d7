/**
 * The one bounded-concurrency helper of the workflows: hosts planned, applied (chain by chain) and probed
 * with at most `limit` at once.
 */

/** `work` over every item, at most `limit` at once (at least one); the results in item order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}

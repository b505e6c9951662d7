/** The one bounded-concurrency helper: never more than the limit at once, every item once, results in order. */
import { describe, expect, test } from 'vitest';
import { mapBounded } from '../../src/deploy/workflow-concurrency.js';

/** Work items that finish only when released, so the test controls the interleaving (no timers). */
function gate() {
    let release!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    return { opened, release };
}

describe('mapBounded', () => {
    test('runs at most `limit` at once and returns results in item order', async () => {
        const gates = Array.from({ length: 7 }, gate);
        let running = 0;
        let peak = 0;
        const started: number[] = [];
        const all = mapBounded(gates, 3, async (item, index) => {
            running++;
            peak = Math.max(peak, running);
            started.push(index);
            await item.opened;
            running--;
            return index * 10;
        });
        await Promise.resolve();
        expect(started).toEqual([0, 1, 2]);
        // Release in reverse order: results still come back in item order.
        for (const item of [...gates].reverse()) {
            item.release();
            await new Promise((resolve) => setImmediate(resolve));
        }
        expect(await all).toEqual([0, 10, 20, 30, 40, 50, 60]);
        expect(peak).toBe(3);
        expect(started.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    });

    test('a limit below one still makes progress; no items, no work', async () => {
        expect(await mapBounded([1, 2], 0, async (n) => n + 1)).toEqual([2, 3]);
        expect(await mapBounded([], 4, async () => 1)).toEqual([]);
    });
});

/** Shared helpers of the checker tests: fixture loading and the skip-unless-tools policy. */
import { readFileSync } from 'node:fs';
import { describe } from 'vitest';
import { toolGate } from '../support/checkers/checker-tools.js';

export function fixture(name: string): string {
    return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/**
 * `describe` that is skipped (with the reason printed) when a prerequisite is missing outside CI.
 * With CI set it always runs, so a missing tool fails the tests instead of hiding them.
 */
export function describeWithTools(name: string, prerequisites: readonly string[], body: () => void): void {
    const gate = toolGate(prerequisites);
    if (gate.skip) {
        console.warn(`[skip] ${name}: ${gate.reason}`);
    }
    describe.skipIf(gate.skip)(name, { timeout: 60_000 }, body);
}

/** Root-only suites: skipped locally without root, but FAIL when CI is set (like test/lab-smoke). */
import { describe, expect, test } from 'vitest';

export const isRoot = process.getuid?.() === 0;

/** `describe` for suites that need root: runs as root; without root skipped locally, failing on CI. */
export function describeAsRoot(name: string, body: () => void): void {
    if (!isRoot && process.env.CI) {
        describe(name, () => {
            test('needs root (network namespaces): CI must run this suite as root', () => {
                expect(process.getuid?.()).toBe(0);
            });
        });
        return;
    }
    (isRoot ? describe : describe.skip)(name, body);
}

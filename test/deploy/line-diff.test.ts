/** Deploy-plan diffs: GNU patch applies every diff we print and gets the new text back. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { unifiedDiff } from '../../src/deploy/line-diff.js';

const dir = mkdtempSync(join(tmpdir(), 'bgptopo-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function roundTrip(before: string, after: string): string {
    const diff = unifiedDiff(before, after, 'a/frr.conf', 'b/frr.conf');
    writeFileSync(join(dir, 'file'), before);
    writeFileSync(join(dir, 'diff'), diff);
    if (diff !== '') {
        execFileSync('patch', ['-s', '-p1', join(dir, 'file'), join(dir, 'diff')]);
    }
    return readFileSync(join(dir, 'file'), 'utf8');
}

describe('unifiedDiff', () => {
    test('is empty for equal texts and marks changed lines', () => {
        expect(unifiedDiff('a\nb\n', 'a\nb\n', 'x', 'y')).toBe('');
        const diff = unifiedDiff('router bgp 65000\n bgp router-id 10.0.0.1\n', 'router bgp 65000\n bgp router-id 10.0.0.2\n', 'old', 'new');
        expect(diff).toContain('- bgp router-id 10.0.0.1');
        expect(diff).toContain('+ bgp router-id 10.0.0.2');
    });

    test('round-trips through GNU patch on 150 random edits', () => {
        let seed = 7;
        const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        const text = (): string => {
            const count = Math.floor(random() * 40);
            return count === 0 ? '' : Array.from({ length: count }, () => `line ${Math.floor(random() * 8)}`).join('\n') + '\n';
        };
        for (let i = 0; i < 150; i++) {
            const before = text();
            const after = text();
            expect(roundTrip(before, after)).toBe(after);
        }
    });
});

describe('unifiedDiff on large files', () => {
    test('a one-line change in a 400,000-line file is one small hunk, in bounded memory', () => {
        const lines = Array.from({ length: 400_000 }, (_, i) => `line ${i}`);
        const before = lines.join('\n') + '\n';
        lines[200_000] = 'changed';
        const after = lines.join('\n') + '\n';
        const heapBefore = process.memoryUsage().heapUsed;
        const diff = unifiedDiff(before, after, 'a', 'b');
        expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(512 * 1024 * 1024);
        expect(diff.split('\n').filter((line) => /^[-+][^-+]/.test(line))).toEqual(['-line 200000', '+changed']);
    });

    test('two unrelated large files become one replacement that patch still applies', () => {
        const before = Array.from({ length: 3_000 }, (_, i) => `a ${i}`).join('\n') + '\n';
        const after = Array.from({ length: 3_000 }, (_, i) => `b ${i}`).join('\n') + '\n';
        expect(roundTrip(before, after)).toBe(after);
    });
});

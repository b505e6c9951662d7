/** The normative examples: every `# expect:` marker holds exactly, and the project's copies match the spec's. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareWithMarkers, readExpectMarkers, type FoundDiagnostic } from '../support/expect-markers.js';
import { codeOf, validate } from '../support/bgptopo-test-services.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const SEVERITY = ['error', 'error', 'warning', 'info', 'hint'] as const;

export async function diagnosticsOf(text: string): Promise<FoundDiagnostic[]> {
    const document = await validate(text);
    return (document.diagnostics ?? []).map((d) => ({
        line: d.range.start.line,
        code: codeOf(d) ?? '?',
        severity: SEVERITY[d.severity ?? 1],
        message: d.message
    }));
}

describe('normative examples', () => {
    const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.bgptopo'));

    test('the examples folder holds the spec examples', () => {
        expect(files.length).toBeGreaterThanOrEqual(4);
    });

    test.each(files)('%s: markers hold exactly', async (file) => {
        const text = readFileSync(join(EXAMPLES, file), 'utf8');
        const markers = readExpectMarkers(text);
        expect(markers.none || markers.markers.length > 0).toBe(true);
        const problems = compareWithMarkers(markers, await diagnosticsOf(text));
        expect(problems).toEqual([]);
    });
});

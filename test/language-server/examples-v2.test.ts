/**
 * The normative LANGUAGE-V2 examples (copies in examples/v2/, never edited here) hold their `# expect:` markers
 * exactly, except for the deviations listed below: each names the diagnostic our validation raises (or does not)
 * against the marker, on which line, and why; the test asserts the mismatches are exactly those.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareWithMarkers, readExpectMarkers } from '../support/expect-markers.js';
import { validate } from '../support/bgptopo-test-services.js';
import { toFound } from './validation/validation-test-support.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', 'v2');

interface Deviation {
    /** `extra`: raised where no marker says so; `missing`: a marker the validation does not raise. */
    readonly kind: 'extra' | 'missing';
    readonly code: string;
    /** 1-based line of the example. */
    readonly line: number;
    readonly reason: string;
}

/** File → where our validation knowingly differs from its markers, and why (README "Language reference"). */
export const V2_EXAMPLE_DEVIATIONS: Readonly<Record<string, readonly Deviation[]>> = {
    'v2-rack-spine-metallb.bgptopo': [
        {
            kind: 'extra',
            code: 'value-range',
            line: 61,
            reason:
                '`pool lb-web { aggregate 24 }` on `range 203.0.113.10-203.0.113.99`: MetalLB summarises the range to blocks /31../27 and ' +
                'refuses an aggregationLength shorter than the shortest block (config.go validateBGPAdvPerPool, lowestMask = 27)'
        }
    ]
};

const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.bgptopo'));

/** A mismatch line of compareWithMarkers as `extra CODE line N` / `missing CODE line N`. */
function mismatchKey(problem: string): string {
    const unexpected = /^line (\d+): unexpected \w+ (\S+):/.exec(problem);
    if (unexpected) {
        return `extra ${unexpected[2]} line ${unexpected[1]}`;
    }
    const expected = /^line (\d+): expected (\S+),/.exec(problem);
    return expected ? `missing ${expected[2]} line ${expected[1]}` : problem;
}

describe('normative v2 examples', () => {
    test('the folder holds the ten v2 examples and each deviation names an example of it', () => {
        expect(files.length).toBe(10);
        for (const file of Object.keys(V2_EXAMPLE_DEVIATIONS)) {
            expect(files, file).toContain(file);
        }
    });

    test.each(files)('%s: markers hold exactly, but for its listed deviations', async (file) => {
        const text = readFileSync(join(EXAMPLES, file), 'utf8');
        const markers = readExpectMarkers(text);
        expect(markers.none || markers.markers.length > 0).toBe(true);
        const document = await validate(text);
        expect(document.parseResult.lexerErrors.length + document.parseResult.parserErrors.length).toBe(0);
        const mismatches = compareWithMarkers(markers, toFound(document.diagnostics ?? [])).map(mismatchKey).sort();
        const deviations = (V2_EXAMPLE_DEVIATIONS[file] ?? []).map((entry) => `${entry.kind} ${entry.code} line ${entry.line}`).sort();
        expect(mismatches).toEqual(deviations);
    });
});

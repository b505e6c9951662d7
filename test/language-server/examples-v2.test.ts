/**
 * The normative LANGUAGE-V2 examples (copies in examples/v2/): those whose constructs are built hold their
 * `# expect:` markers exactly; the others are listed as pending with the construct they wait for, and turn into
 * tests by leaving this list when that construct lands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareWithMarkers, readExpectMarkers } from '../support/expect-markers.js';
import { validate } from '../support/bgptopo-test-services.js';
import { toFound } from './validation/validation-test-support.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', 'v2');

/** File → the constructs (by LANGUAGE-V2 section) it still waits for. */
export const PENDING_V2_EXAMPLES: Readonly<Record<string, string>> = {
    'v2-diagnostics-sessions.bgptopo': '§4 router neighbors, upstreams, route reflection, router-isolated; §8 calico-bgp',
    'v2-rack-spine-metallb.bgptopo': '§4 router `neighbor ROUTER`, upstreams with `announce` / `accept`'
};

const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.bgptopo'));
const ready = files.filter((file) => !(file in PENDING_V2_EXAMPLES));

describe('normative v2 examples', () => {
    test('the folder holds the ten v2 examples and each pending one names what it waits for', () => {
        expect(files.length).toBe(10);
        for (const file of Object.keys(PENDING_V2_EXAMPLES)) {
            expect(files, file).toContain(file);
        }
    });

    test.runIf(ready.length > 0).each(ready)('%s: markers hold exactly', async (file) => {
        const text = readFileSync(join(EXAMPLES, file), 'utf8');
        const markers = readExpectMarkers(text);
        expect(markers.none || markers.markers.length > 0).toBe(true);
        const document = await validate(text);
        expect(compareWithMarkers(markers, toFound(document.diagnostics ?? []))).toEqual([]);
    });

    // A pending example is pending because the parser does not accept its constructs yet, or (for a construct
    // that parses but is refused for one consumer) because its markers do not hold yet: once the construct lands
    // this fails, and the file moves to the examples whose markers must hold.
    test.each(Object.entries(PENDING_V2_EXAMPLES))('%s: pending, its markers do not hold yet (waits for %s)', async (file) => {
        const text = readFileSync(join(EXAMPLES, file), 'utf8');
        const document = await validate(text);
        const syntaxErrors = document.parseResult.lexerErrors.length + document.parseResult.parserErrors.length;
        const mismatches = syntaxErrors > 0 ? [] : compareWithMarkers(readExpectMarkers(text), toFound(document.diagnostics ?? []));
        expect(syntaxErrors + mismatches.length, `${file} holds its markers now: move it out of PENDING_V2_EXAMPLES`).toBeGreaterThan(0);
    });
});

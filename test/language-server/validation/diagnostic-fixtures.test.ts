/**
 * Every diagnostic code has a fixture under fixtures/ named after it, holding inputs that must raise it
 * (marked `# expect: CODE`) and near misses that must not (unmarked: every error and warning must be
 * marked, and in its own fixture every diagnostic of the code, info included).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALL_DIAGNOSTIC_CODES } from '../../../src/language-server/validation/diagnostic-codes.js';
import { readExpectMarkers } from '../../support/expect-markers.js';
import { checkFixture, FIXTURES, fixtureCode, fixtureFiles } from './validation-test-support.js';

const files = fixtureFiles();

describe('diagnostic fixtures', () => {
    test('every code has a fixture named after it', () => {
        const covered = new Set(files.map(fixtureCode));
        expect(ALL_DIAGNOSTIC_CODES.filter((code) => !covered.has(code))).toEqual([]);
    });

    test('every fixture is named after a known code and marks that code at least once', () => {
        for (const file of files) {
            expect(ALL_DIAGNOSTIC_CODES, file).toContain(fixtureCode(file));
            const markers = readExpectMarkers(readFileSync(join(FIXTURES, file), 'utf8'));
            expect(
                markers.markers.some((marker) => marker.code === fixtureCode(file)),
                file
            ).toBe(true);
        }
    });

    test.each(files)('%s: markers hold exactly', async (file) => {
        const { problems } = await checkFixture(file);
        expect(problems).toEqual([]);
    });
});

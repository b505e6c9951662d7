/** The SARIF rule descriptions of the CLI cover exactly the language's diagnostic codes. */
import { describe, expect, test } from 'vitest';
import { ALL_DIAGNOSTIC_CODES } from '../../src/language-server/validation/diagnostic-codes.js';
import { DIAGNOSTIC_RULE_DESCRIPTIONS, describeDiagnosticCode } from '../../src/cli/diagnostic-rules.js';

describe('diagnostic rule descriptions', () => {
    test('every code in ALL_DIAGNOSTIC_CODES has a description, and there are no others', () => {
        expect(Object.keys(DIAGNOSTIC_RULE_DESCRIPTIONS).sort()).toEqual([...ALL_DIAGNOSTIC_CODES].sort());
    });

    test.each([...ALL_DIAGNOSTIC_CODES])('%s: a sentence', (code) => {
        const text = describeDiagnosticCode(code);
        expect(text).toMatch(/^[A-Z].{10,}\.$/);
        expect(text).not.toContain('bgptopo diagnostic');
    });

    test('an unknown code gets a generic description', () => {
        expect(describeDiagnosticCode('no-such-code')).toBe("bgptopo diagnostic 'no-such-code'.");
    });
});

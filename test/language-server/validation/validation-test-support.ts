/**
 * Helpers for the validation tests: diagnostics in marker form, the fixture comparison, and ranges located
 * by the text they cover (so a test says "on `65535` of line 4" rather than counting characters).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expectError, expectIssue, expectWarning, printDiagnostics, rangeToString, type ValidationResult } from 'langium/test';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { Topology } from '../../../src/language/generated/ast.js';
import { codeOf, validate } from '../../support/bgptopo-test-services.js';
import { compareWithMarkers, readExpectMarkers, type FoundDiagnostic } from '../../support/expect-markers.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
const SEVERITY = ['error', 'error', 'warning', 'info', 'hint'] as const;

export function toFound(diagnostics: Diagnostic[]): FoundDiagnostic[] {
    return diagnostics.map((d) => ({
        line: d.range.start.line,
        code: codeOf(d) ?? '?',
        severity: SEVERITY[d.severity ?? 1],
        message: d.message
    }));
}

export function fixtureFiles(): string[] {
    return readdirSync(FIXTURES)
        .filter((file) => file.endsWith('.bgptopo'))
        .sort();
}

export interface FixtureResult {
    readonly text: string;
    readonly found: FoundDiagnostic[];
    readonly problems: string[];
}

/**
 * Validate one fixture against its markers. A fixture is named after the code it proves (an optional
 * `.suffix` may follow: `value-range.ports.bgptopo`); every diagnostic of that code, info included, must be
 * marked, so the unmarked near misses in the file are checked as well.
 */
export async function checkFixture(file: string): Promise<FixtureResult> {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    const document = await validate(text);
    const found = toFound(document.diagnostics ?? []);
    const markers = readExpectMarkers(text);
    const problems = compareWithMarkers(markers, found);
    const code = fixtureCode(file);
    for (const d of found) {
        if (d.code === code && d.severity !== 'error' && d.severity !== 'warning' && !markers.markers.some((m) => m.line === d.line && m.code === code)) {
            problems.push(`line ${d.line + 1}: unmarked ${d.severity} ${d.code} in its own fixture: ${d.message}`);
        }
    }
    return { text, found, problems };
}

export function fixtureCode(file: string): string {
    return basename(file, '.bgptopo').split('.')[0];
}

/** Characters that continue a token: a needle must not start or end in the middle of a name or address. */
const TOKEN_CHAR = /[A-Za-z0-9_.-]/;

/**
 * The range of the `nth` occurrence (0-based) of `needle` as a whole token (not inside a longer name or
 * address: `10.0.0.1` does not match inside `10.0.0.11`) on the first line containing `lineAnchor`, or on
 * the first line holding it at all when no anchor is given.
 */
export function rangeOf(text: string, needle: string, lineAnchor?: string, nth = 0): Range {
    const lines = text.split('\n');
    for (let line = 0; line < lines.length; line++) {
        const content = lines[line];
        if (lineAnchor !== undefined && !content.includes(lineAnchor)) {
            continue;
        }
        let seen = 0;
        for (let character = content.indexOf(needle); character >= 0; character = content.indexOf(needle, character + 1)) {
            const before = content[character - 1] ?? ' ';
            const after = content[character + needle.length] ?? ' ';
            if (TOKEN_CHAR.test(before) || TOKEN_CHAR.test(after)) {
                continue;
            }
            if (seen++ === nth) {
                return { start: { line, character }, end: { line, character: character + needle.length } };
            }
        }
        if (lineAnchor !== undefined) {
            break;
        }
    }
    throw new Error(`'${needle}' not found${lineAnchor ? ` on the line with '${lineAnchor}'` : ''}`);
}

export interface At {
    /** The text the range covers. */
    readonly needle: string;
    /** Text on the line the range is on (default: the first line holding the needle). */
    readonly line?: string;
    /** Which occurrence of the needle on that line (0-based). */
    readonly nth?: number;
}

/** Assert one diagnostic with this code, severity and range (and message pattern), `data.code` included. */
export function expectDiagnosticAt(
    result: ValidationResult<Topology>,
    code: string,
    severity: 'error' | 'warning' | 'info',
    at: At,
    message: RegExp = /./
): void {
    const range: Range = rangeOf(result.document.textDocument.getText(), at.needle, at.line, at.nth);
    const options = { code, data: { code }, range };
    try {
        if (severity === 'error') {
            expectError(result, message, options);
        } else if (severity === 'warning') {
            expectWarning(result, message, options);
        } else {
            expectIssue(result, { ...options, message, severity: DiagnosticSeverity.Information });
        }
    } catch (error) {
        // Say what was found instead, so a failure is readable without a debugger.
        const expected = `${severity} ${code} at ${rangeToString(range)} matching ${message}`;
        throw new Error(`Expected ${expected}; found:\n${printDiagnostics(result.diagnostics)}`, { cause: error });
    }
}

/** The pure output formatters of `bgptopo validate` on hand-made reports (edge cases the examples lack). */
import { describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { sortDiagnostics, stableCodeOf, toReportedDiagnostic, type FileReport, type ReportedDiagnostic } from '../../src/cli/cli-diagnostics.js';
import { buildSarifLog, formatJson, formatText, isOutputFormat, summaryLine } from '../../src/cli/diagnostic-formats.js';

const range = (line: number, character: number, endCharacter = character + 3): ReportedDiagnostic['range'] => ({
    start: { line, character },
    end: { line, character: endCharacter }
});

const REPORT: FileReport = {
    path: 'dir with space/site.bgptopo',
    uri: 'file:///work/dir%20with%20space/site.bgptopo',
    diagnostics: [
        { code: 'syntax', severity: 'error', message: 'Expecting one of:\n  1. a\n  2. b', range: range(0, 4) },
        { code: 'asn-public', severity: 'info', message: 'Public ASN.', range: range(3, 0, 10) }
    ]
};
const SARIF_CONTEXT = { toolVersion: '1.2.3', sourceRootUri: 'file:///work/' };

describe('text', () => {
    test('1-based positions, one line per diagnostic, counts in the summary', () => {
        expect(formatText([REPORT])).toBe(
            [
                'dir with space/site.bgptopo:1:5: error syntax: Expecting one of: 1. a 2. b',
                'dir with space/site.bgptopo:4:1: info asn-public: Public ASN.',
                '1 error, 0 warnings, 1 info in 1 file',
                ''
            ].join('\n')
        );
    });

    test('the summary pluralises', () => {
        expect(summaryLine([])).toBe('0 errors, 0 warnings, 0 infos in 0 files');
        expect(summaryLine([REPORT, REPORT])).toBe('2 errors, 0 warnings, 2 infos in 2 files');
    });
});

describe('json', () => {
    test('keeps messages verbatim and positions 0-based', () => {
        const parsed = JSON.parse(formatJson([REPORT])) as { files: Array<{ path: string; diagnostics: ReportedDiagnostic[] }> };
        expect(parsed.files[0].path).toBe('dir with space/site.bgptopo');
        expect(parsed.files[0].diagnostics[0]).toEqual({ code: 'syntax', severity: 'error', message: 'Expecting one of:\n  1. a\n  2. b', range: range(0, 4) });
    });

    test('leaves out the uri the SARIF output needs', () => {
        expect(formatJson([REPORT])).not.toContain('file://');
    });
});

describe('sarif', () => {
    test('info becomes note; columns become 1-based with an exclusive end', () => {
        const result = buildSarifLog([REPORT], SARIF_CONTEXT).runs[0].results[1];
        expect(result.level).toBe('note');
        expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 4, startColumn: 1, endLine: 4, endColumn: 11 });
    });

    test('relative paths are percent-encoded URI references against %SRCROOT%', () => {
        const run = buildSarifLog([REPORT], SARIF_CONTEXT).runs[0];
        expect(run.artifacts[0].location).toEqual({ uri: 'dir%20with%20space/site.bgptopo', uriBaseId: '%SRCROOT%' });
        expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///work/');
        expect(run.tool.driver.version).toBe('1.2.3');
    });

    test('a file outside the working directory is named by its file URI, without a base', () => {
        const outside: FileReport = { ...REPORT, path: '/elsewhere/x.bgptopo', uri: 'file:///elsewhere/x.bgptopo' };
        const location = buildSarifLog([outside], SARIF_CONTEXT).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
        expect(location).toEqual({ uri: 'file:///elsewhere/x.bgptopo', index: 0 });
    });

    test('a code outside the language list still gets a rule its result points at', () => {
        const odd: FileReport = { ...REPORT, diagnostics: [{ ...REPORT.diagnostics[0], code: 'validation-exception' }] };
        const run = buildSarifLog([odd], SARIF_CONTEXT).runs[0];
        const result = run.results[0];
        expect(run.tool.driver.rules[result.ruleIndex]).toMatchObject({ id: 'validation-exception', name: 'ValidationException' });
    });
});

describe('diagnostic normalisation', () => {
    const lsp = (extra: Partial<Diagnostic>): Diagnostic => ({ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } }, message: 'm', ...extra });

    test.each([
        [{ data: { code: 'lexing-error' } }, 'syntax'],
        [{ data: { code: 'parsing-error' } }, 'syntax'],
        [{ data: { code: 'linking-error' } }, 'unresolved-reference'],
        [{ code: 'cidr-overlap', data: { code: 'cidr-overlap' } }, 'cidr-overlap'],
        [{}, 'unknown']
    ])('%j has the stable code %s', (extra, code) => {
        expect(stableCodeOf(lsp(extra as Partial<Diagnostic>))).toBe(code);
    });

    test('severity 4 (hint) is reported as info; missing severity as error', () => {
        expect(toReportedDiagnostic(lsp({ severity: 4 })).severity).toBe('info');
        expect(toReportedDiagnostic(lsp({})).severity).toBe('error');
    });

    test('sorting is by position, then severity', () => {
        const a = { code: 'b', severity: 'warning', message: '', range: range(2, 0) } as const;
        const b = { code: 'a', severity: 'error', message: '', range: range(2, 0) } as const;
        const c = { code: 'c', severity: 'info', message: '', range: range(1, 9) } as const;
        expect(sortDiagnostics([a, b, c]).map((d) => d.code)).toEqual(['c', 'a', 'b']);
    });

    test('formats are text, json, sarif', () => {
        expect(['text', 'json', 'sarif', 'xml'].map(isOutputFormat)).toEqual([true, true, true, false]);
    });
});

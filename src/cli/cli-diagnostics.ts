/**
 * The CLI's view of a diagnostic: a stable code, one of three severities and an LSP range (0-based). Every
 * output format is computed from these, never from Langium's objects directly.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticCode } from '../language-server/validation/diagnostic-codes.js';

export type ReportedSeverity = 'error' | 'warning' | 'info';

export interface ReportedPosition {
    /** 0-based line, as in LSP. */
    readonly line: number;
    /** 0-based UTF-16 column, as in LSP. */
    readonly character: number;
}

export interface ReportedDiagnostic {
    readonly code: string;
    readonly severity: ReportedSeverity;
    readonly message: string;
    readonly range: { readonly start: ReportedPosition; readonly end: ReportedPosition };
}

export interface FileReport {
    /** The file's path relative to the working directory (absolute when outside it), `/`-separated. */
    readonly path: string;
    /** The file's absolute `file:` URI. */
    readonly uri: string;
    readonly diagnostics: readonly ReportedDiagnostic[];
}

/**
 * Langium's own parser and linker diagnostics carry internal codes in `data.code`; the language's stable
 * codes for them are `syntax` and `unresolved-reference` (LANGUAGE.md, "Diagnostics").
 */
const LANGIUM_CODES: Readonly<Record<string, string>> = {
    'lexing-error': DiagnosticCode.Syntax,
    'parsing-error': DiagnosticCode.Syntax,
    'linking-error': DiagnosticCode.UnresolvedReference
};

export function stableCodeOf(diagnostic: Diagnostic): string {
    const data = diagnostic.data as { code?: unknown } | undefined;
    const raw = typeof diagnostic.code === 'string' ? diagnostic.code : typeof data?.code === 'string' ? data.code : undefined;
    if (raw === undefined) {
        return 'unknown';
    }
    return LANGIUM_CODES[raw] ?? raw;
}

/** LSP severity 1..4 to the three the CLI reports; hints count as infos. */
export function reportedSeverityOf(diagnostic: Diagnostic): ReportedSeverity {
    switch (diagnostic.severity ?? 1) {
        case 1:
            return 'error';
        case 2:
            return 'warning';
        default:
            return 'info';
    }
}

export function toReportedDiagnostic(diagnostic: Diagnostic): ReportedDiagnostic {
    const { start, end } = diagnostic.range;
    return {
        code: stableCodeOf(diagnostic),
        severity: reportedSeverityOf(diagnostic),
        message: diagnostic.message,
        range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } }
    };
}

/** Diagnostics in reading order: by start position, then errors before warnings before infos, then code. */
export function sortDiagnostics(diagnostics: readonly ReportedDiagnostic[]): ReportedDiagnostic[] {
    const rank: Record<ReportedSeverity, number> = { error: 0, warning: 1, info: 2 };
    return [...diagnostics].sort(
        (a, b) =>
            a.range.start.line - b.range.start.line ||
            a.range.start.character - b.range.start.character ||
            rank[a.severity] - rank[b.severity] ||
            a.code.localeCompare(b.code)
    );
}

export interface SeverityCounts {
    readonly error: number;
    readonly warning: number;
    readonly info: number;
}

export function countSeverities(files: readonly FileReport[]): SeverityCounts {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const file of files) {
        for (const diagnostic of file.diagnostics) {
            counts[diagnostic.severity]++;
        }
    }
    return counts;
}

/**
 * Findings of the last Verify as diagnostics on the topology lines they belong to (their own collection,
 * `bgptopo-verify`, apart from the language server's): each failed check an error, each check that could
 * not be decided (host unreachable) a warning. A passing run clears them.
 */
import * as vscode from 'vscode';
import type { VerifyCheck, VerifyReport } from '../../deploy/verify-types.js';
import type { SessionState } from '../diagram/messages.js';

export const VERIFY_SOURCE = 'bgptopo verify';
const SESSION_PREFIX = 'bgp-session:';

export class VerifyDiagnostics implements vscode.Disposable {
    readonly collection = vscode.languages.createDiagnosticCollection('bgptopo-verify');

    apply(document: vscode.TextDocument, report: VerifyReport): vscode.Diagnostic[] {
        const diagnostics = report.checks.filter((check) => check.status !== 'pass').map((check) => toDiagnostic(document, check));
        this.collection.set(document.uri, diagnostics);
        return diagnostics;
    }

    clear(uri: vscode.Uri): void {
        this.collection.delete(uri);
    }

    dispose(): void {
        this.collection.dispose();
    }
}

function toDiagnostic(document: vscode.TextDocument, check: VerifyCheck): vscode.Diagnostic {
    let range: vscode.Range;
    if (check.range) {
        range = new vscode.Range(check.range.start.line, check.range.start.character, check.range.end.line, check.range.end.character);
    } else {
        const line = document.lineAt(Math.max(0, Math.min(check.line - 1, document.lineCount - 1)));
        range = new vscode.Range(line.range.start.translate(0, line.firstNonWhitespaceCharacterIndex), line.range.end);
    }
    const diagnostic = new vscode.Diagnostic(
        range,
        `${check.subject}: ${check.message}`,
        check.status === 'fail' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning
    );
    diagnostic.source = VERIFY_SOURCE;
    diagnostic.code = check.kind;
    return diagnostic;
}

/** Live state of each BGP session, by session id, for the diagram. */
export function sessionStates(report: VerifyReport): Record<string, SessionState> {
    const states: Record<string, SessionState> = {};
    for (const check of report.checks) {
        if (check.kind === 'bgp-session' && check.id.startsWith(SESSION_PREFIX)) {
            states[check.id.slice(SESSION_PREFIX.length)] = check.status === 'pass' ? 'up' : check.status === 'fail' ? 'down' : 'unknown';
        }
    }
    return states;
}

/**
 * What the shells do with a verify report: the exit code and the text / JSON forms.
 *
 * Exit codes: 0 = every check passed; 1 = at least one check failed (the network is wrong, whatever else
 * is unknown); 2 = nothing failed, but some host was unreachable or some check could not be decided.
 */
import type { VerifyCheck, VerifyReport } from './verify-types.js';

export function verifyExitCode(report: VerifyReport): 0 | 1 | 2 {
    if (report.checks.some((check) => check.status === 'fail')) {
        return 1;
    }
    if (report.unreachable.length > 0 || report.checks.some((check) => check.status === 'unknown')) {
        return 2;
    }
    return 0;
}

const MARK: Record<VerifyCheck['status'], string> = { pass: 'PASS', fail: 'FAIL', unknown: '????' };

/** One line per check (`FAIL  line 42  bgp-session  session cp1 -> r1 (...): message`), then a summary. */
export function formatVerifyText(report: VerifyReport, sourceName?: string): string {
    const lines = report.checks.map((check) => {
        const where = check.line > 0 ? `${sourceName ? `${sourceName}:` : 'line '}${check.line}` : check.element;
        return `${MARK[check.status]}  ${where}  ${check.kind}  ${check.subject}: ${check.message}`;
    });
    const count = (status: VerifyCheck['status']) => report.checks.filter((check) => check.status === status).length;
    if (report.unreachable.length > 0) {
        lines.push(`unreachable: ${report.unreachable.join(', ')}`);
    }
    lines.push(`${report.checks.length} checks: ${count('pass')} passed, ${count('fail')} failed, ${count('unknown')} unknown (${report.durationMs} ms)`);
    return lines.join('\n') + '\n';
}

export function formatVerifyJson(report: VerifyReport): string {
    return JSON.stringify({ exitCode: verifyExitCode(report), ...report }, null, 2) + '\n';
}

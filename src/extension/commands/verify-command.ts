/**
 * "bgptopo: Verify": the verify workflow (deploy/verify-workflow.ts) over SSH (read-only probes) with the
 * editor as its shell: each failed check a diagnostic on its topology line, the diagram's sessions
 * coloured by their live state, the whole report in the log. Cancelling stops waiting; each host's probe
 * is bounded by the verifier's own timeouts.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { verifyInput } from '../../deploy/verify-input.js';
import type { VerifyReport } from '../../deploy/verify-types.js';
import { runVerifyWorkflow } from '../../deploy/verify-workflow.js';
import { editorSshConnector } from '../deploy/ssh-connector.js';
import { readSettings } from '../settings.js';
import { UserFacingError, type TopologyArgument } from '../topology-target.js';
import { requireTrustedWorkspace } from '../workspace-trust.js';
import { sessionStates } from '../verify/verify-diagnostics.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { usableTopology } from './topology-checks.js';
import { editorProgress } from './workflow-progress.js';

export async function verifyCommand(context: CommandContext, argument?: TopologyArgument): Promise<CommandOutcome> {
    requireTrustedWorkspace('Verify');
    const { document, model } = await usableTopology(context.models, argument, 'verify');
    const settings = readSettings(document.uri);
    const name = vscode.workspace.asRelativePath(document.uri);
    context.log.info(`verify ${name}: ${model.hosts.length} host(s)`);
    const report = await runVerifyWorkflow(verifyInput(model, document.uri.toString()), { concurrency: settings.deployConcurrency }, {
        connect: editorSshConnector(settings.ssh, context.secrets, context.log, dirname(document.uri.fsPath)),
        progress: editorProgress(context.log, 'verify')
    });
    if (report.checks.length === 0) {
        throw new UserFacingError(`bgptopo: nothing to verify in ${name} — it declares no BGP sessions, VIPs, frontends or WireGuard meshes.`);
    }
    const diagnostics = context.verifyDiagnostics.apply(document, report);
    context.diagrams.setSessionStates(document.uri, sessionStates(report));
    logReport(context, report);
    const counts = countStatuses(report);
    const summary = `verify ${name}: ${counts.pass} passed, ${counts.fail} failed, ${counts.unknown} unknown${report.unreachable.length > 0 ? ` (unreachable: ${report.unreachable.join(', ')})` : ''}`;
    context.log.info(`${summary} in ${report.durationMs} ms`);
    if (counts.pass === 0 && counts.fail === 0 && report.unreachable.length > 0) {
        throw new UserFacingError(`bgptopo: could not verify — no host was reachable over SSH (${report.unreachable.join(', ')}). See the output for details.`);
    }
    const ok = counts.fail === 0 && counts.unknown === 0;
    const show = ok ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(`bgptopo: ${summary}`, 'Show Output').then((action) => action && context.log.show());
    return { ok, message: summary, diagnostics: diagnostics.length, ...counts, unreachable: report.unreachable };
}

function countStatuses(report: VerifyReport): { pass: number; fail: number; unknown: number } {
    const counts = { pass: 0, fail: 0, unknown: 0 };
    report.checks.forEach((check) => counts[check.status]++);
    return counts;
}

function logReport(context: CommandContext, report: VerifyReport): void {
    for (const check of report.checks) {
        const line = `  [${check.status}] ${check.subject}: ${check.message} (${check.element}, line ${check.line})`;
        if (check.status === 'pass') {
            context.log.info(line);
        } else {
            context.log.warn(line);
        }
    }
}

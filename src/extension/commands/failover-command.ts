/**
 * "bgptopo: Failover Test": the failover workflow (deploy/failover-workflow.ts) with the editor as its
 * shell: pick a keepalived VIP, confirm in a modal (it disrupts the VIP briefly), the figures in the log.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { failoverInput, formatFailoverText } from '../../deploy/failover-test.js';
import { runFailoverWorkflow } from '../../deploy/failover-workflow.js';
import { editorSshConnector } from '../deploy/ssh-connector.js';
import { readSettings } from '../settings.js';
import { UserFacingError, type TopologyArgument } from '../topology-target.js';
import { requireTrustedWorkspace } from '../workspace-trust.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { usableTopology } from './topology-checks.js';
import { editorProgress } from './workflow-progress.js';

export async function failoverCommand(context: CommandContext, argument?: TopologyArgument, vipName?: string): Promise<CommandOutcome> {
    requireTrustedWorkspace('Failover Test');
    const { document, model } = await usableTopology(context.models, argument, 'run a failover test');
    const name = vscode.workspace.asRelativePath(document.uri);
    const vips = model.vips.filter((vip) => vip.mechanism === 'keepalived' && vip.address && new Set(vip.holders.map((holder) => holder.host)).size >= 2);
    if (vips.length === 0) {
        throw new UserFacingError(`bgptopo: ${name} has no keepalived VIP with two holders or more to fail over.`);
    }
    const chosen =
        vipName ??
        (await vscode.window.showQuickPick(
            vips.map((vip) => ({ label: vip.name, description: `${vip.address!.text} on ${vip.holders.map((holder) => holder.host.name).join(', ')}` })),
            { title: 'bgptopo: fail over which keepalived VIP?' }
        ))?.label;
    if (!chosen) {
        return { ok: false, message: 'no VIP chosen' };
    }
    if (!vips.some((vip) => vip.name === chosen)) {
        throw new UserFacingError(`bgptopo: ${chosen} is not a keepalived VIP of ${name} with two holders or more.`);
    }
    const settings = readSettings(document.uri);
    const outcome = await runFailoverWorkflow(failoverInput(model, chosen, document.uri.toString()), {
        connect: editorSshConnector(settings.ssh, context.secrets, context.log, dirname(document.uri.fsPath)),
        progress: editorProgress(context.log, 'failover test'),
        confirm: async (input) => {
            const go = 'Fail Over';
            const answer = await vscode.window.showWarningMessage(
                `Fail over vip ${input.vip} (${input.address})?`,
                { modal: true, detail: `keepalived is stopped on its current holder (of ${input.holders.map((host) => host.name).join(', ')}) and started again; the VIP moves twice.` },
                go
            );
            return answer === go;
        }
    });
    if (outcome.status === 'not-confirmed') {
        return { ok: false, message: 'failover test not confirmed; nothing changed' };
    }
    const report = outcome.report;
    formatFailoverText(report)
        .trimEnd()
        .split('\n')
        .forEach((line) => (report.passed ? context.log.info(line) : context.log.warn(line)));
    const message = `failover test of ${report.vip} in ${name}: ${report.passed ? 'passed' : 'FAILED'}${report.errors.length ? ` (${report.errors[0]})` : ''}`;
    const show = report.passed ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(`bgptopo: ${message}`, 'Show Output').then((action) => action && context.log.show());
    return { ok: report.passed, message, report };
}

/**
 * Every command of the extension, registered from this one table. A handler returns a
 * {@link CommandOutcome}; a failure is shown once (plainly for a user mistake, with "Show Output" for
 * anything else) and returned as `{ ok: false }`, so no command leaves an unexplained error behind.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../extension-log.js';
import { previewRenderedConfig, type PreviewRequest } from '../preview/preview-command.js';
import { revealLine } from '../diagram/diagram-panel.js';
import { requireTopologyDocument, UserFacingError, type TopologyArgument } from '../topology-target.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { renderAllCommand } from './render-all-command.js';
import { setSecretCommand } from './set-secret-command.js';

type Handler = (context: CommandContext, ...args: unknown[]) => Promise<CommandOutcome>;

/** A tree item or CodeLens argument naming a host of a topology. */
interface HostArgument {
    readonly topologyUri?: vscode.Uri;
    readonly topology?: TopologyArgument;
    readonly hostName?: string;
    readonly host?: string;
    readonly path?: string;
}

function previewRequest(argument: unknown, pick: boolean): PreviewRequest {
    if (argument instanceof vscode.Uri || typeof argument === 'string') {
        return { topology: argument, pick };
    }
    const given = (argument ?? {}) as HostArgument;
    return { topology: given.topology ?? given.topologyUri, host: given.host ?? given.hostName, path: given.path, pick };
}

async function preview(context: CommandContext, argument: unknown, pick: boolean): Promise<CommandOutcome> {
    const uri = await previewRenderedConfig(context.models, previewRequest(argument, pick));
    return uri ? { ok: true, message: `preview ${uri.path}`, uri: uri.toString() } : { ok: false, message: 'no file chosen' };
}

export const COMMANDS: ReadonlyArray<readonly [id: string, handler: Handler]> = [
    ['bgptopo.preview', (context, argument) => preview(context, argument, false)],
    ['bgptopo.previewFile', (context, argument) => preview(context, argument, true)],
    ['bgptopo.renderAll', (context, argument, folder) => renderAllCommand(context, argument as TopologyArgument, folder as vscode.Uri | string | undefined)],
    [
        'bgptopo.showDiagram',
        async (context, argument) => {
            const document = await requireTopologyDocument(argument as TopologyArgument);
            await context.diagrams.show(document);
            return { ok: true, message: `diagram of ${document.uri.path}`, uri: document.uri.toString() };
        }
    ],
    [
        'bgptopo.exportDiagram',
        async (context, argument, target) => {
            const document = await requireTopologyDocument(argument as TopologyArgument);
            const written = await context.diagrams.exportSvg(document.uri, target as vscode.Uri | undefined);
            return written ? { ok: true, message: `exported ${written.fsPath}`, uri: written.toString() } : { ok: false, message: 'not exported' };
        }
    ],
    // Deploy, Verify and Failover Test load their modules (the workflows, SSH) when first run, not at activation:
    // the extension host compiles and evaluates what activation loads before the editor can use the extension.
    ['bgptopo.deploy', async (context, argument) => (await import('./deploy-command.js')).deployCommand(context, argument as TopologyArgument)],
    ['bgptopo.verify', async (context, argument) => (await import('./verify-command.js')).verifyCommand(context, argument as TopologyArgument)],
    [
        'bgptopo.failoverTest',
        async (context, argument, vip) => (await import('./failover-command.js')).failoverCommand(context, argument as TopologyArgument, vip as string | undefined)
    ],
    [
        'bgptopo.clearVerify',
        async (context, argument) => {
            const document = await requireTopologyDocument(argument as TopologyArgument);
            context.verifyDiagnostics.clear(document.uri);
            context.diagrams.setSessionStates(document.uri, {});
            return { ok: true, message: 'verify results cleared' };
        }
    ],
    ['bgptopo.setSecret', (context, name, value) => setSecretCommand(context, name as string | undefined, value as string | undefined)],
    [
        'bgptopo.showOutput',
        async (context) => {
            context.log.show();
            return { ok: true, message: 'output shown' };
        }
    ],
    [
        'bgptopo.revealLine',
        async (_context, topology, line) => {
            await revealLine(vscode.Uri.parse(String(topology)), Number(line));
            return { ok: true, message: `line ${Number(line) + 1}` };
        }
    ]
];

export function registerCommands(context: CommandContext): vscode.Disposable[] {
    return COMMANDS.map(([id, handler]) =>
        vscode.commands.registerCommand(id, async (...args: unknown[]): Promise<CommandOutcome> => {
            try {
                return await handler(context, ...args);
            } catch (error) {
                return reportFailure(context, id, error);
            }
        })
    );
}

function reportFailure(context: CommandContext, id: string, error: unknown): CommandOutcome {
    const message = errorMessage(error);
    if (error instanceof UserFacingError) {
        context.log.warn(`${id}: ${message}`);
        void vscode.window.showWarningMessage(message, 'Show Output').then((action) => action && context.log.show());
    } else {
        context.log.error(`${id} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
        void vscode.window
            .showErrorMessage(`bgptopo: ${message}`, 'Show Output', 'Open Settings')
            .then((action) => {
                if (action === 'Show Output') {
                    context.log.show();
                } else if (action === 'Open Settings') {
                    void vscode.commands.executeCommand('workbench.action.openSettings', 'bgptopo');
                }
            });
    }
    return { ok: false, message };
}

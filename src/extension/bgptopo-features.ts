/**
 * Builds the editor features on top of the language client: the server's answers about a document, previews, the
 * diagram, the tree, the status bar, verify diagnostics and the command table. Each part is a disposable
 * owned by the extension context; nothing is global.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { registerCommands } from './commands/command-table.js';
import type { CommandContext } from './commands/command-context.js';
import { DeployDiffDocuments } from './commands/deploy-diff-documents.js';
import { SecretStore } from './deploy/secret-store.js';
import { DiagramPanels } from './diagram/diagram-panel.js';
import { ExtensionLog } from './extension-log.js';
import { PreviewContentProvider } from './preview/preview-content-provider.js';
import { isTopologyDocument } from './topology-target.js';
import { TopologyServer } from './topology-server.js';
import { VerifyDiagnostics } from './verify/verify-diagnostics.js';
import { DiagnosticsStatusBar } from './views/diagnostics-status-bar.js';
import { TopologyTreeProvider } from './views/topology-tree.js';

/** @param client resolves once the language client is running. */
export function createFeatures(extension: vscode.ExtensionContext, log: ExtensionLog, client: () => Promise<LanguageClient>): CommandContext {
    const models = new TopologyServer(client);
    const context: CommandContext = {
        extension,
        log,
        models,
        previews: new PreviewContentProvider(models),
        diagrams: new DiagramPanels(extension.extensionUri, models, log),
        secrets: new SecretStore(extension.secrets),
        deployDiffs: new DeployDiffDocuments(),
        verifyDiagnostics: new VerifyDiagnostics()
    };
    extension.subscriptions.push(
        context.previews,
        context.diagrams,
        context.deployDiffs,
        context.verifyDiagnostics,
        new TopologyTreeProvider(models),
        new DiagnosticsStatusBar(),
        // Trusted now: the workspace's own templates apply (the server renders again for the new folders).
        vscode.workspace.onDidGrantWorkspaceTrust(() => {
            vscode.workspace.textDocuments.filter(isTopologyDocument).forEach((document) => context.previews.refresh(document.uri));
        }),
        ...registerCommands(context)
    );
    return context;
}

/** What activate() returns: the running client and the features, for tests and benchmarks. */
export interface BgptopoExtensionApi {
    readonly client: import('./bgptopo-language-client.js').BgptopoLanguageClient;
    readonly features: CommandContext;
    /** Time spent in activate(), in ms (performance.now() in the extension host). */
    readonly activationMs: number;
    /** activate() start → language client ready, in ms (NaN when the server failed to start). */
    readonly clientReadyMs: Promise<number>;
}

/**
 * Builds the editor features on top of the language client: the shared topology model, previews, the
 * diagram, the tree, the status bar, verify diagnostics and the command table. Each part is a disposable
 * owned by the extension context; nothing is global.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands/command-table.js';
import type { CommandContext } from './commands/command-context.js';
import { DeployDiffDocuments } from './commands/deploy-diff-documents.js';
import { SecretStore } from './deploy/secret-store.js';
import { DiagramPanels } from './diagram/diagram-panel.js';
import { ExtensionLog } from './extension-log.js';
import { PreviewContentProvider } from './preview/preview-content-provider.js';
import { PreviewRenderer } from './preview/preview-renderer.js';
import { isTopologyDocument, TopologyDocumentModel } from './topology-document-model.js';
import { VerifyDiagnostics } from './verify/verify-diagnostics.js';
import { DiagnosticsStatusBar } from './views/diagnostics-status-bar.js';
import { TopologyTreeProvider } from './views/topology-tree.js';

export function createFeatures(extension: vscode.ExtensionContext, log: ExtensionLog): CommandContext {
    const models = new TopologyDocumentModel();
    const renderer = new PreviewRenderer();
    const context: CommandContext = {
        extension,
        log,
        models,
        renderer,
        previews: new PreviewContentProvider(models, renderer),
        diagrams: new DiagramPanels(extension.extensionUri, models, log),
        secrets: new SecretStore(extension.secrets),
        deployDiffs: new DeployDiffDocuments(),
        verifyDiagnostics: new VerifyDiagnostics()
    };
    extension.subscriptions.push(
        models,
        context.previews,
        context.diagrams,
        context.deployDiffs,
        context.verifyDiagnostics,
        new TopologyTreeProvider(models),
        new DiagnosticsStatusBar(),
        vscode.workspace.onDidCloseTextDocument((document) => renderer.forget(document.uri)),
        // Trusted now: the workspace's own templates apply; render every open preview again.
        vscode.workspace.onDidGrantWorkspaceTrust(() => {
            renderer.clear();
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

/** What commands get: the extension's long-lived parts (no globals), and the result a command returns. */
import type * as vscode from 'vscode';
import type { SecretStore } from '../deploy/secret-store.js';
import type { DiagramPanels } from '../diagram/diagram-panel.js';
import type { ExtensionLog } from '../extension-log.js';
import type { PreviewContentProvider } from '../preview/preview-content-provider.js';
import type { TopologyServer } from '../topology-server.js';
import type { DeployDiffDocuments } from './deploy-diff-documents.js';
import type { VerifyDiagnostics } from '../verify/verify-diagnostics.js';

export interface CommandContext {
    readonly extension: vscode.ExtensionContext;
    readonly log: ExtensionLog;
    /** The language server's answers about a document (model, previews, outline). */
    readonly models: TopologyServer;
    readonly previews: PreviewContentProvider;
    readonly diagrams: DiagramPanels;
    readonly secrets: SecretStore;
    readonly deployDiffs: DeployDiffDocuments;
    readonly verifyDiagnostics: VerifyDiagnostics;
}

/**
 * Every command resolves to an outcome (also when it fails), so callers such as tests and other commands
 * can tell what happened without parsing notifications.
 */
export interface CommandOutcome {
    readonly ok: boolean;
    readonly message: string;
    readonly [detail: string]: unknown;
}

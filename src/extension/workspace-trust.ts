/**
 * Workspace Trust (package.json `capabilities.untrustedWorkspaces`: limited). In Restricted Mode the
 * language features, the diagram and previews with the built-in templates work; the workspace's own
 * templates (nunjucks runs template code unsandboxed) and everything that acts on hosts over SSH with the
 * workspace's settings and keys — Deploy, Verify, failover-test — are refused, saying why.
 */
import * as vscode from 'vscode';
import { UserFacingError } from './topology-target.js';

/** Throws the refusal of `action` ("Deploy", "Verify", …) when the workspace is not trusted. */
export function requireTrustedWorkspace(action: string): void {
    if (!vscode.workspace.isTrusted) {
        throw new UserFacingError(
            `bgptopo: ${action} is not available in Restricted Mode: it connects to your hosts over SSH with this workspace's topology and settings. Trust the workspace (command "Workspaces: Manage Workspace Trust") to use it.`
        );
    }
}

/** The line a preview starts with when the workspace's templates are set aside in Restricted Mode. */
export function restrictedTemplatesNotice(folder: string): string {
    return `Restricted Mode: rendered with the built-in templates; the templates in ${folder} run only in a trusted workspace (nunjucks templates can run code)`;
}

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

/**
 * The line every preview starts with in Restricted Mode. (VS Code hides the workspace's value of a
 * restricted setting from the extension there, so whether one is set cannot be told: the notice is shown
 * whenever templates of one's own are set aside.)
 */
export const RESTRICTED_TEMPLATES_NOTICE =
    'Restricted Mode: rendered with the built-in templates; templates of your own (bgptopo.templatesFolder) run only in a trusted workspace: nunjucks templates can run code';

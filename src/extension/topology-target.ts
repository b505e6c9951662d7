/**
 * Which topology a command acts on: the URI it was given (from a CodeLens, a tree item, the explorer
 * context menu or a test), else the active editor's topology (or the topology of the active preview),
 * else the only open topology.
 */
import * as vscode from 'vscode';
import { parsePreviewUri, PREVIEW_SCHEME } from './preview/preview-uri.js';

export const BGPTOPO_LANGUAGE_ID = 'bgptopo';

/** A `.bgptopo` document the user edits (not a preview). */
export function isTopologyDocument(document: vscode.TextDocument): boolean {
    return document.languageId === BGPTOPO_LANGUAGE_ID && document.uri.scheme !== PREVIEW_SCHEME;
}

/** Anything that names a topology: a URI, its string, or an object carrying `topologyUri`. */
export type TopologyArgument = vscode.Uri | string | { readonly topologyUri: vscode.Uri } | undefined;

function uriOf(argument: TopologyArgument): vscode.Uri | undefined {
    if (argument instanceof vscode.Uri) {
        return argument;
    }
    if (typeof argument === 'string') {
        return vscode.Uri.parse(argument);
    }
    if (argument && typeof argument === 'object' && 'topologyUri' in argument && argument.topologyUri instanceof vscode.Uri) {
        return argument.topologyUri;
    }
    return undefined;
}

export async function resolveTopologyDocument(argument?: TopologyArgument): Promise<vscode.TextDocument | undefined> {
    const given = uriOf(argument);
    if (given) {
        const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === given.toString());
        return open ?? vscode.workspace.openTextDocument(given);
    }
    const active = vscode.window.activeTextEditor?.document;
    if (active && isTopologyDocument(active)) {
        return active;
    }
    const previewed = active ? parsePreviewUri(active.uri)?.topology : undefined;
    if (previewed) {
        return resolveTopologyDocument(previewed);
    }
    const visible = vscode.window.visibleTextEditors.map((editor) => editor.document).filter(isTopologyDocument);
    if (visible.length === 1) {
        return visible[0];
    }
    const open = vscode.workspace.textDocuments.filter(isTopologyDocument);
    return open.length === 1 ? open[0] : undefined;
}

/** Thrown by a command that has nothing to act on; the command table shows it as a plain message. */
export class UserFacingError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'UserFacingError';
    }
}

export async function requireTopologyDocument(argument?: TopologyArgument): Promise<vscode.TextDocument> {
    const document = await resolveTopologyDocument(argument);
    if (!document) {
        throw new UserFacingError('bgptopo: open a .bgptopo file first (or run the command from its editor).');
    }
    return document;
}

// Helpers of the in-host suite: bounded waits (no fixed sleeps), the workspace's files, the extension's API.
'use strict';
const vscode = require('vscode');
const path = require('node:path');

const EXTENSION_ID = 'bgptopo.bgptopo';

/** Polls `probe` every 50 ms until it returns a truthy value; throws after `timeoutMs` naming `what`. */
async function waitFor(what, probe, timeoutMs = 15000) {
    const started = Date.now();
    let last;
    for (;;) {
        try {
            last = await probe();
            if (last) {
                return last;
            }
        } catch (error) {
            last = error;
        }
        if (Date.now() - started > timeoutMs) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

function workspaceUri(name) {
    const folder = vscode.workspace.workspaceFolders[0].uri;
    return vscode.Uri.joinPath(folder, name);
}

async function openTopology(name) {
    const document = await vscode.workspace.openTextDocument(workspaceUri(name));
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
    return document;
}

/** The extension's API once it is active (opening a .bgptopo file activates it). */
async function extensionApi() {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) {
        throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
    }
    return waitFor('the extension to activate', () => extension.isActive && extension.exports, 30000);
}

function codeOf(diagnostic) {
    return typeof diagnostic.code === 'object' && diagnostic.code !== null ? String(diagnostic.code.value) : String(diagnostic.code);
}

/** Diagnostics of the language server (not of Verify) on a document. */
function serverDiagnostics(uri) {
    return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source !== 'bgptopo verify');
}

function openDocumentText(uri) {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
    return document ? document.getText() : undefined;
}

async function replaceAll(document, text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
    if (!(await vscode.workspace.applyEdit(edit))) {
        throw new Error('the edit was not applied');
    }
}

module.exports = { waitFor, workspaceUri, openTopology, extensionApi, codeOf, serverDiagnostics, openDocumentText, replaceAll, path };

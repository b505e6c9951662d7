// Plain CommonJS on purpose: the harness must load an extension without any build step.
'use strict';
const vscode = require('vscode');

const LANGUAGE_ID = 'harness-fixture';

/** Message shown by the fixture command; the tests look for this exact wording. */
function describeEditor(editor) {
    if (!editor) {
        return 'Harness fixture: no active editor';
    }
    const doc = editor.document;
    return `Harness fixture: ${doc.languageId} document with ${doc.lineCount} lines`;
}

/** One warning per line containing the word "error", so the Problems panel has something to show. */
function lint(document, collection) {
    if (document.languageId !== LANGUAGE_ID) {
        return;
    }
    const diagnostics = [];
    for (let line = 0; line < document.lineCount; line++) {
        const text = document.lineAt(line).text;
        const column = text.indexOf('error');
        if (column >= 0) {
            const range = new vscode.Range(line, column, line, column + 'error'.length);
            diagnostics.push(new vscode.Diagnostic(range, 'Harness fixture: the word "error"', vscode.DiagnosticSeverity.Warning));
        }
    }
    collection.set(document.uri, diagnostics);
}

/** A minimal webview, so the harness can prove it reaches text inside webview iframes. */
function showPanel() {
    const panel = vscode.window.createWebviewPanel('harnessFixture.panel', 'Harness Fixture Panel', vscode.ViewColumn.Beside, {
        enableScripts: false
    });
    panel.webview.html = [
        '<!DOCTYPE html><html><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\';">',
        '</head><body><h1 id="fixture-heading">Harness fixture webview</h1></body></html>'
    ].join('');
    return panel;
}

function activate(context) {
    const collection = vscode.languages.createDiagnosticCollection('harness-fixture');
    context.subscriptions.push(
        collection,
        vscode.commands.registerCommand('harnessFixture.countLines', () => {
            const message = describeEditor(vscode.window.activeTextEditor);
            void vscode.window.showInformationMessage(message);
            return message;
        }),
        vscode.commands.registerCommand('harnessFixture.showPanel', () => {
            showPanel();
        }),
        vscode.workspace.onDidOpenTextDocument((doc) => lint(doc, collection)),
        vscode.workspace.onDidChangeTextDocument((event) => lint(event.document, collection))
    );
    vscode.workspace.textDocuments.forEach((doc) => lint(doc, collection));
}

function deactivate() {}

module.exports = { activate, deactivate };

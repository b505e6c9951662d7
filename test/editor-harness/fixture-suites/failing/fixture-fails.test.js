// Deliberately failing suite: proves that an in-host failure reaches the harness as a non-zero exit code.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');

describe('deliberately failing suite', () => {
    it('passes one check', () => {
        assert.ok(vscode.commands);
    });

    it('fails on purpose (expects the wrong language id)', async () => {
        const folder = vscode.workspace.workspaceFolders[0];
        const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'sample.hfix'));
        assert.equal(document.languageId, 'plaintext', 'HARNESS-EXPECTED-FAILURE');
    });
});

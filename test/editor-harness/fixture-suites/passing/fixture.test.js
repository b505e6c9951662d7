// In-host checks of the fixture extension through the real `vscode` API.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXTENSION_ID = 'bgptopo-test.harness-fixture';

async function openSample() {
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    assert.ok(folder, 'the harness opened a workspace folder');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'sample.hfix'));
    await vscode.window.showTextDocument(document);
    return document;
}

describe('harness fixture extension (real extension host)', () => {
    it('runs inside VS Code 1.100', () => {
        assert.match(vscode.version, /^1\.100\./);
    });

    it('opens a .hfix file with the fixture language', async () => {
        const document = await openSample();
        assert.equal(document.languageId, 'harness-fixture');
    });

    it('is activated by its language and registers its command', async () => {
        const extension = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(extension, `${EXTENSION_ID} is loaded from the development path`);
        await extension.activate();
        const commands = await vscode.commands.getCommands(true);
        assert.ok(commands.includes('harnessFixture.countLines'));
    });

    it('answers its command from the active editor', async () => {
        await openSample();
        const message = await vscode.commands.executeCommand('harnessFixture.countLines');
        assert.equal(message, 'Harness fixture: harness-fixture document with 4 lines');
    });
});

// Verify and Deploy from the editor against the lab the driving test built: the workspace holds the lab's
// topology (lab.bgptopo), settings pointing at the lab's SSH key and known_hosts, and expect.json saying
// which speaker node was stopped and on which line its `peers` entries are.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const vscode = require('vscode');
const { waitFor } = require('../in-host/support.js');

function workspaceFile(name) {
    return vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, name);
}

describe('Verify and Deploy against a real lab', () => {
    const expected = JSON.parse(fs.readFileSync(workspaceFile('expect.json').fsPath, 'utf8'));
    let document;

    before(async () => {
        document = await vscode.workspace.openTextDocument(workspaceFile('lab.bgptopo'));
        await vscode.window.showTextDocument(document, { preview: false });
        await vscode.extensions.getExtension('bgptopo.bgptopo').activate();
    });

    it('Verify turns each failed check into a diagnostic on the topology line it belongs to', async function () {
        this.timeout(60000);
        const outcome = await vscode.commands.executeCommand('bgptopo.verify', document.uri);
        assert.equal(outcome.ok, false, outcome.message);
        assert.ok(outcome.pass > 0, `some checks pass: ${outcome.message}`);
        assert.ok(outcome.fail > 0, `some checks fail: ${outcome.message}`);
        const verify = await waitFor('verify diagnostics', () => {
            const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'bgptopo verify');
            return found.length > 0 && found;
        });
        const errors = verify.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        assert.ok(errors.length > 0, 'failed checks are errors');
        for (const diagnostic of errors) {
            assert.match(diagnostic.message, new RegExp(expected.stoppedNode), diagnostic.message);
            assert.ok(expected.peersLines.includes(diagnostic.range.start.line), `on a peers line: ${diagnostic.range.start.line} ${diagnostic.message}`);
        }
    });

    it('once the speaker is back, Verify passes those checks and their diagnostics are gone', async function () {
        this.timeout(120000);
        // Ask the driving test (outside the editor) to start the speaker again; it answers once the routers
        // have the sessions Established with prefixes.
        fs.writeFileSync(workspaceFile('restart-speaker.request').fsPath, expected.stoppedNode);
        await waitFor('the driving test to restart the speaker', () => fs.existsSync(workspaceFile('restart-speaker.done').fsPath), 90000);
        const outcome = await vscode.commands.executeCommand('bgptopo.verify', document.uri);
        assert.equal(outcome.fail, 0, outcome.message);
        assert.equal(outcome.ok, true, outcome.message);
        const left = vscode.languages
            .getDiagnostics(document.uri)
            .filter((d) => d.source === 'bgptopo verify' && d.severity === vscode.DiagnosticSeverity.Error);
        assert.deepEqual(left.map((d) => d.message), []);
    });

    it('Clear Verify Results removes them', async () => {
        assert.equal((await vscode.commands.executeCommand('bgptopo.clearVerify', document.uri)).ok, true);
        assert.equal(vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'bgptopo verify').length, 0);
    });

    it('Deploy plans over SSH and shows each changed file in the diff editor before asking', async function () {
        this.timeout(60000);
        // The confirmation is a modal dialog, which the test host refuses to show: the command stops there,
        // after the plan, so nothing is applied (the driving test checks the hosts' files).
        const outcome = await vscode.commands.executeCommand('bgptopo.deploy', document.uri);
        assert.equal(outcome.ok, false);
        // The lab's cluster has Cilium manifests: they were dry-run on a control-plane node during the plan.
        assert.match(outcome.message, /Deploy \d+ changed file\(s\) to \d+ host\(s\), then apply \d+ cluster manifest\(s\)\?/, outcome.message);
        const diffs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff);
        assert.ok(diffs.length > 0, 'diff tabs are open');
        const labels = diffs.map((tab) => tab.label).join(', ');
        assert.ok(diffs.some((tab) => /\/etc\/frr\/daemons/.test(tab.label)), labels);
        // The hosts' frr.conf was rendered from the same topology under another file name: it differs only in
        // comments (formerly the header named the file), which is no change and opens no diff.
        assert.ok(!diffs.some((tab) => /frr\.conf/.test(tab.label)), labels);
    });
});

// Activation, diagnostics with their codes, and a quick fix applied through the vscode API.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { waitFor, openTopology, extensionApi, codeOf, serverDiagnostics } = require('./support.js');

describe('bgptopo language features in the real editor', () => {
    it('activates on a .bgptopo file and reports its activation time', async () => {
        await openTopology('seed-metallb-frr-ha-fixed.bgptopo');
        const api = await extensionApi();
        assert.equal(typeof api.activationMs, 'number');
        assert.ok(api.activationMs > 0, `activation time ${api.activationMs}`);
        console.log(`BGPTOPO activation ms: ${api.activationMs.toFixed(1)}`);
        // The server starts in the background; once it is up the client runs.
        const readyMs = await api.clientReadyMs;
        assert.ok(Number.isFinite(readyMs) && readyMs >= api.activationMs, `client ready after ${readyMs} ms`);
        assert.ok(api.client.current && api.client.current.isRunning(), 'the language client runs');
    });

    it('shows the flawed seed example\'s diagnostics with their codes', async () => {
        const document = await openTopology('seed-kubevip-cilium.bgptopo');
        const diagnostics = await waitFor('diagnostics of seed-kubevip-cilium', () => {
            const found = serverDiagnostics(document.uri);
            return found.length >= 3 && found;
        });
        const codes = diagnostics.map(codeOf).sort();
        assert.deepEqual(codes, ['control-plane-count', 'session-collision', 'session-collision']);
        const collision = diagnostics.find((d) => codeOf(d) === 'session-collision');
        assert.equal(collision.severity, vscode.DiagnosticSeverity.Error);
        assert.equal(collision.range.start.line, 29, 'on the kube-vip `peers tor` line');
    });

    it('applies a language-server quick fix and the diagnostic goes away', async () => {
        const document = await openTopology('quick-fix.bgptopo');
        const diagnostic = await waitFor('the cidr-host-bits diagnostic', () => serverDiagnostics(document.uri).find((d) => codeOf(d) === 'cidr-host-bits'));
        const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
        const fix = actions.find((action) => action.edit && /network address 10\.0\.0\.0\/16/.test(action.title));
        assert.ok(fix, `a quick fix is offered (got ${actions.map((a) => a.title).join(' | ')})`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
        assert.match(document.lineAt(3).text, /network fabric 10\.0\.0\.0\/16/);
        await waitFor('the diagnostic to disappear', () => !serverDiagnostics(document.uri).some((d) => codeOf(d) === 'cidr-host-bits'));
    });
});

// The rendered-config preview: content, languages, live update with changed-line highlights, last good
// render with a banner while the topology has errors, and no secret values.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { waitFor, openTopology, extensionApi, openDocumentText, replaceAll } = require('./support.js');

describe('preview of rendered configs', () => {
    let topology;
    let original;

    before(async () => {
        topology = await openTopology('seed-metallb-frr-ha-fixed.bgptopo');
        original = topology.getText();
        await extensionApi();
    });

    after(async () => {
        await replaceAll(topology, original);
    });

    it('opens the FRR config of r1 as a read-only frr document beside the editor', async () => {
        const outcome = await vscode.commands.executeCommand('bgptopo.preview', { topology: topology.uri.toString(), host: 'r1' });
        assert.equal(outcome.ok, true, outcome.message);
        const uri = vscode.Uri.parse(outcome.uri);
        assert.equal(uri.scheme, 'bgptopo-preview');
        const text = await waitFor('the preview text', () => openDocumentText(uri));
        assert.match(text, /^router bgp 65000$/m);
        assert.match(text, /^! rendered by bgptopo from router r1 \(line \d+\)$/m);
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        assert.equal(document.languageId, 'frr');
        const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
        assert.ok(editor, 'the preview is visible');
        assert.notEqual(editor.viewColumn, vscode.ViewColumn.One, 'beside the topology editor');
    });

    it('previews the host under the cursor, and any artefact by host and path', async () => {
        const editor = await vscode.window.showTextDocument(topology, vscode.ViewColumn.One);
        const line = topology.getText().split('\n').findIndex((l) => l.startsWith('loadbalancer lb2'));
        editor.selection = new vscode.Selection(line, 20, line, 20);
        const outcome = await vscode.commands.executeCommand('bgptopo.preview');
        assert.equal(outcome.ok, true, outcome.message);
        assert.match(vscode.Uri.parse(outcome.uri).path, /^\/lb2\//);
        const keepalived = await vscode.commands.executeCommand('bgptopo.preview', { topology: topology.uri.toString(), host: 'lb1', path: '/etc/keepalived/keepalived.conf' });
        const document = await waitFor('the keepalived preview', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === keepalived.uri));
        assert.equal(document.languageId, 'keepalived');
        assert.match(document.getText(), /vrrp_instance/);
    });

    it('follows edits of the topology, highlights changed lines, and keeps the last good render on errors', async () => {
        const api = await extensionApi();
        const outcome = await vscode.commands.executeCommand('bgptopo.preview', { topology: topology.uri.toString(), host: 'r1' });
        const uri = vscode.Uri.parse(outcome.uri);
        await replaceAll(topology, original.replace(/asn 65000/g, 'asn 65100'));
        const updated = await waitFor('the preview to show AS 65100', () => /^router bgp 65100$/m.test(openDocumentText(uri) ?? '') && openDocumentText(uri));
        assert.doesNotMatch(updated, /^router bgp 65000$/m);
        const changed = api.features.previews.changedLinesOf(uri);
        const lines = updated.split('\n');
        assert.ok(changed.some((index) => lines[index] === 'router bgp 65100'), `changed lines ${JSON.stringify(changed)} include the router bgp line`);

        await replaceAll(topology, original.replace(/asn 65000/g, 'asn 65100') + '\nrouter broken {\n  asn\n}\n');
        const banner = await waitFor('the last-good banner', () => {
            const text = openDocumentText(uri) ?? '';
            return text.startsWith('! bgptopo: showing the last good render') && text;
        });
        assert.match(banner.split('\n')[0], /topology has \d+ errors?$/);
        assert.match(banner, /^router bgp 65100$/m, 'the last good render is still shown');
    });

    it('never shows a secret value, even when the secret is stored', async () => {
        const withSecret = await openTopology('with-secret.bgptopo');
        const stored = await vscode.commands.executeCommand('bgptopo.setSecret', 'metallb-bgp', 'S3cret-Value-Not-For-Previews');
        assert.equal(stored.ok, true);
        const outcome = await vscode.commands.executeCommand('bgptopo.preview', { topology: withSecret.uri.toString(), host: 'r1' });
        const text = await waitFor('the preview of r1', () => openDocumentText(vscode.Uri.parse(outcome.uri)));
        assert.match(text, /router bgp 65000/);
        assert.doesNotMatch(text, /S3cret-Value-Not-For-Previews/);
        assert.match(text, /metallb-bgp/, 'a placeholder names the secret');
    });
});

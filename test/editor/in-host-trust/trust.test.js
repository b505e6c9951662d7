// Workspace Trust (package.json capabilities.untrustedWorkspaces: limited). The same checks in both modes:
// diagnostics, completion, hover, outline, diagram and previews work in both; in Restricted Mode previews
// use the built-in templates and say why, and Deploy, Verify and Failover Test are refused with the reason;
// in a trusted folder the workspace's templates render and those commands run (and fail on the closed port).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const vscode = require('vscode');
const { waitFor, workspaceUri, openTopology, extensionApi, openDocumentText } = require('../in-host/support.js');

const RESTRICTED = /Restricted Mode/;

describe('Workspace Trust', () => {
    let expectTrusted;
    let topology;

    before(async () => {
        expectTrusted = fs.readFileSync(workspaceUri('expected-trust').fsPath, 'utf8').trim() === 'trusted';
        topology = await openTopology('site.bgptopo');
        await extensionApi();
    });

    it('runs in the expected mode', () => {
        assert.equal(vscode.workspace.isTrusted, expectTrusted);
    });

    it('diagnostics, completion, hover and outline come from the language server', async () => {
        const broken = await vscode.workspace.openTextDocument({ language: 'bgptopo', content: 'topology t\nrouter r1 { asn 0  address 10.0.0.1 }\n' });
        const diagnostics = await waitFor('a diagnostic', () => {
            const found = vscode.languages.getDiagnostics(broken.uri);
            return found.length > 0 && found;
        });
        assert.ok(diagnostics.some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'asn-reserved'), JSON.stringify(diagnostics.map((d) => d.message)));
        const end = new vscode.Position(topology.lineCount - 1, 0);
        const completion = await waitFor('completion at the top level', async () => {
            const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', topology.uri, end);
            return list && list.items.length > 0 && list;
        });
        const labels = completion.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
        assert.ok(labels.includes('router'), JSON.stringify(labels));
        const asnLine = topology.getText().split('\n').findIndex((l) => l.startsWith('router r1'));
        const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', topology.uri, new vscode.Position(asnLine, topology.lineAt(asnLine).text.indexOf('65000') + 1));
        assert.ok(hovers.length > 0, 'a hover on the ASN');
        const symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', topology.uri);
        const flat = (list) => list.flatMap((symbol) => [symbol.name, ...flat(symbol.children ?? [])]);
        const names = JSON.stringify(flat(symbols));
        for (const name of ['r1', 'r2', 'gw']) {
            assert.ok(names.includes(name), `${name} in the outline ${names}`);
        }
    });

    it('draws the diagram', async () => {
        const api = await extensionApi();
        const outcome = await vscode.commands.executeCommand('bgptopo.showDiagram', topology.uri);
        assert.equal(outcome.ok, true, outcome.message);
        await waitFor('the webview to draw', async () => (await api.features.diagrams.ping(topology.uri, 5000)) > 0, 30000);
    });

    it('previews with the workspace templates only when trusted, and says why otherwise', async () => {
        const outcome = await vscode.commands.executeCommand('bgptopo.preview', { topology: topology.uri.toString(), host: 'r1' });
        assert.equal(outcome.ok, true, outcome.message);
        const text = await waitFor('the preview text', () => openDocumentText(vscode.Uri.parse(outcome.uri)));
        assert.match(text, /^router bgp 65000$/m);
        if (expectTrusted) {
            assert.match(text, /^! CUSTOM TEMPLATE of the workspace$/m);
            assert.doesNotMatch(text, RESTRICTED);
        } else {
            assert.doesNotMatch(text, /CUSTOM TEMPLATE/);
            assert.equal(text.split('\n')[0], "! bgptopo: Restricted Mode: rendered with the built-in templates; templates of your own (bgptopo.templatesFolder) run only in a trusted workspace: nunjucks templates can run code");
        }
    });

    for (const [command, action] of [
        ['bgptopo.deploy', 'Deploy'],
        ['bgptopo.verify', 'Verify'],
        ['bgptopo.failoverTest', 'Failover Test']
    ]) {
        it(`${action}: refused in Restricted Mode saying why; run when trusted`, async function () {
            this.timeout(40000);
            const outcome = await vscode.commands.executeCommand(command, topology.uri, 'gw');
            assert.equal(outcome.ok, false, 'no host is reachable in either mode');
            if (expectTrusted) {
                assert.doesNotMatch(outcome.message, RESTRICTED);
            } else {
                assert.equal(outcome.message, `bgptopo: ${action} is not available in Restricted Mode: it connects to your hosts over SSH with this workspace's topology and settings. Trust the workspace (command "Workspaces: Manage Workspace Trust") to use it.`);
            }
        });
    }
});

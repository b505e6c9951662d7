// The topology diagram webview: opens, draws, answers a typed message round trip, exports SVG.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { waitFor, openTopology, extensionApi } = require('./support.js');

describe('topology diagram', () => {
    it('opens the diagram, which answers a ping with the number of elements it drew', async () => {
        const topology = await openTopology('seed-metallb-frr-ha-fixed.bgptopo');
        const api = await extensionApi();
        const outcome = await vscode.commands.executeCommand('bgptopo.showDiagram', topology.uri);
        assert.equal(outcome.ok, true, outcome.message);
        const drawn = await waitFor('the webview to draw the diagram', async () => {
            const count = await api.features.diagrams.ping(topology.uri, 5000);
            return count > 0 && count;
        }, 30000);
        const diagram = api.features.diagrams.diagramOf(topology.uri);
        const nodeIds = JSON.stringify(diagram.nodes);
        for (const name of ['host:r1', 'host:r2', 'host:lb1', 'vip:api-vip', 'cluster:k8s', 'host:w3', 'wireguard:wg99']) {
            assert.ok(nodeIds.includes(`"${name}"`), `${name} is in the diagram`);
        }
        assert.ok(diagram.edges.some((edge) => edge.kind === 'ebgp' && edge.points.length >= 2), 'eBGP sessions are laid out');
        assert.ok(drawn >= diagram.edges.length, `the webview drew ${drawn} elements`);
    });

    it('exports the diagram as a standalone SVG file', async () => {
        const topology = await openTopology('seed-metallb-frr-ha-fixed.bgptopo');
        const target = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bgptopo-svg-')), 'diagram.svg'));
        const outcome = await vscode.commands.executeCommand('bgptopo.exportDiagram', topology.uri, target);
        assert.equal(outcome.ok, true, outcome.message);
        const svg = fs.readFileSync(target.fsPath, 'utf8');
        assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        assert.match(svg, /<style>/);
        assert.match(svg, />r1</);
    });
});

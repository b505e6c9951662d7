// Every command runs: Render All writes files, Deploy and Verify fail fast and clearly on unreachable hosts,
// Show Output and Set Secret work, operational commands refuse a topology with errors.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { openTopology, extensionApi } = require('./support.js');

describe('commands', () => {
    before(async () => {
        await openTopology('seed-metallb-frr-ha-fixed.bgptopo');
        await extensionApi();
    });

    it('lists every command in the palette registry', async () => {
        const all = await vscode.commands.getCommands(true);
        for (const id of ['bgptopo.preview', 'bgptopo.previewFile', 'bgptopo.renderAll', 'bgptopo.showDiagram', 'bgptopo.deploy', 'bgptopo.verify', 'bgptopo.showOutput', 'bgptopo.setSecret', 'bgptopo.exportDiagram']) {
            assert.ok(all.includes(id), `${id} is registered`);
        }
    });

    it('renders every file into a folder', async () => {
        const topology = await openTopology('seed-metallb-frr-ha-fixed.bgptopo');
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bgptopo-render-'));
        const outcome = await vscode.commands.executeCommand('bgptopo.renderAll', topology.uri, folder);
        assert.equal(outcome.ok, true, outcome.message);
        assert.ok(outcome.files > 10, `${outcome.files} files`);
        assert.match(fs.readFileSync(path.join(folder, 'r1', 'etc', 'frr', 'frr.conf'), 'utf8'), /^router bgp 65000$/m);
        assert.ok(fs.existsSync(path.join(folder, 'lb1', 'etc', 'keepalived', 'keepalived.conf')));
    });

    it('refuses to render a topology with errors, saying why', async () => {
        const flawed = await openTopology('seed-kubevip-cilium.bgptopo');
        const outcome = await vscode.commands.executeCommand('bgptopo.renderAll', flawed.uri, fs.mkdtempSync(path.join(os.tmpdir(), 'bgptopo-render-')));
        assert.equal(outcome.ok, false);
        assert.match(outcome.message, /has 2 error\(s\); fix them before you render/);
    });

    it('Deploy to unreachable hosts fails fast with a clear message', async function () {
        this.timeout(40000);
        const topology = await openTopology('unreachable.bgptopo');
        const started = Date.now();
        const outcome = await vscode.commands.executeCommand('bgptopo.deploy', topology.uri);
        assert.equal(outcome.ok, false);
        assert.match(outcome.message, /no host could be reached/);
        assert.match(outcome.message, /unreachable \(ECONNREFUSED\)/);
        assert.ok(Date.now() - started < 30000, `took ${Date.now() - started} ms`);
    });

    it('Verify against unreachable hosts fails with a clear message and leaves undecided checks as diagnostics', async function () {
        this.timeout(40000);
        const topology = await openTopology('unreachable.bgptopo');
        const outcome = await vscode.commands.executeCommand('bgptopo.verify', topology.uri);
        assert.equal(outcome.ok, false);
        assert.match(outcome.message, /(no host was reachable|nothing to verify|unreachable)/i, outcome.message);
        const cleared = await vscode.commands.executeCommand('bgptopo.clearVerify', topology.uri);
        assert.equal(cleared.ok, true);
        assert.equal(vscode.languages.getDiagnostics(topology.uri).filter((d) => d.source === 'bgptopo verify').length, 0);
    });

    it('Show Output and Set Secret run', async () => {
        assert.equal((await vscode.commands.executeCommand('bgptopo.showOutput')).ok, true);
        assert.equal((await vscode.commands.executeCommand('bgptopo.setSecret', 'test-secret', 'x')).ok, true);
        assert.equal((await vscode.commands.executeCommand('bgptopo.setSecret', 'test-secret', '')).ok, true);
    });
});

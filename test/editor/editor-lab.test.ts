/**
 * The extension's Verify and Deploy commands against real hosts: the verify lab (FRR routers with a
 * keepalived VIP, HAProxy load balancers, GoBGP speakers, sshd with generated host keys) and a workspace
 * whose settings point at the lab's key and known_hosts. One speaker is stopped, so Verify must put its
 * failures on that node's `peers` entries; once this test starts the speaker again (asked by the suite
 * through a file in the workspace), a new Verify must pass and clear them. Deploy must plan over SSH, open
 * diffs, dry-run the cluster manifests through a recording `kubectl` on a control-plane node, and change
 * nothing unconfirmed. Needs root and code-server; fails (not skips) under CI without them.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCodeServer } from '../editor-harness/code-server-install.js';
import { runIntegrationSuite } from '../editor-harness/run-integration-suite.js';
import { createVerifyLab, waitForBgpHealthy, type VerifyLab } from '../deploy/verify-lab-setup.js';
import { waitFor } from '../lab/index.js';
import { installRecordingKubectl, kubectlCalls } from '../deploy/support/deploy-lab-instruments.js';
import { bundleExtension, EDITOR_TEST_DIR, PROJECT_ROOT, scratchWorkspace } from './editor-build.js';

const canRun = (findCodeServer() !== undefined && process.getuid?.() === 0) || Boolean(process.env.CI);

describe.runIf(canRun)('Verify and Deploy from the editor against a lab', () => {
    let vl: VerifyLab;
    let scratch: { root: string; workspace: string };

    beforeAll(async () => {
        await bundleExtension();
        vl = await createVerifyLab();
        await vl.lab.stopDaemon('cp1', 'gobgpd');
        await installRecordingKubectl(vl.lab, 'cp1');
        scratch = scratchWorkspace('bgptopo-editor-lab-');
        const target = vl.lab.sshTarget('r1');
        writeFileSync(join(scratch.workspace, 'lab.bgptopo'), vl.text);
        mkdirSync(join(scratch.workspace, '.vscode'), { recursive: true });
        writeFileSync(
            join(scratch.workspace, '.vscode', 'settings.json'),
            JSON.stringify({ 'bgptopo.ssh.identityFile': target.privateKeyPath, 'bgptopo.ssh.knownHostsFile': target.knownHostsPath }, null, 2)
        );
        const peersLines = vl.text
            .split('\n')
            .map((line, index) => (/^\s*peers\b/.test(line) ? index : -1))
            .filter((index) => index >= 0);
        writeFileSync(join(scratch.workspace, 'expect.json'), JSON.stringify({ stoppedNode: 'cp1', peersLines }));
    }, 240_000);

    afterAll(async () => {
        await vl?.lab.destroy();
        if (scratch) {
            rmSync(scratch.root, { recursive: true, force: true });
        }
    });

    it('passes the lab-backed in-host suite and changes nothing on the hosts', async () => {
        const digest = async () => createHash('sha256').update((await vl.lab.readFile('r1', '/etc/frr/frr.conf')) ?? '').digest('hex');
        const before = await digest();
        // The suite asks (by a file in the workspace) for the stopped speaker to be started again.
        const request = join(scratch.workspace, 'restart-speaker.request');
        let stop = false;
        const restarter = (async () => {
            await waitFor(() => stop || existsSync(request), { timeoutMs: 240_000, intervalMs: 100, what: 'the suite to ask for the speaker' });
            if (stop) return;
            await vl.lab.startDaemon('cp1', 'gobgpd');
            await waitForBgpHealthy(vl.lab, vl.model, 60_000);
            writeFileSync(join(scratch.workspace, 'restart-speaker.done'), 'ok');
        })();
        const result = await runIntegrationSuite({
            extensionDevelopmentPath: PROJECT_ROOT,
            extensionTestsPath: join(EDITOR_TEST_DIR, 'in-host-lab', 'index.js'),
            workspaceFolder: scratch.workspace,
            timeoutMs: 240_000
        });
        stop = true;
        await restarter;
        const log = result.log.join('\n');
        expect(log, log).toMatch(/\d+ passing/);
        expect(log).not.toMatch(/\d+ failing/);
        expect(result.exitCode).toBe(0);
        expect(await digest()).toBe(before);
        // The plan dry-ran every Cilium manifest server-side on the first control-plane node; unconfirmed,
        // nothing was applied.
        const calls = await kubectlCalls(vl.lab, 'cp1');
        expect(calls.length).toBeGreaterThan(0);
        expect(calls.filter((call) => !call.argv.includes('--dry-run=server'))).toEqual([]);
        expect(calls.map((call) => call.stdin).join('\n')).toContain('kind: CiliumBGPClusterConfig');
    }, 300_000);
});

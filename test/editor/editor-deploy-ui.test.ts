/**
 * The editor's Deploy, confirmed the way a person confirms it: the packaged extension in code-server,
 * driven through Chromium, against two FRR routers in a network-namespace lab (sshd with generated host
 * keys, overlay /etc per host). "bgptopo: Deploy" plans over SSH, opens a diff per changed file, asks once
 * in a modal dialog; clicking "Deploy" applies: FRR on both routers runs the rendered config (bgpd enabled,
 * the BGP instance up), each host has a backup of the files it replaced, and the result notification says
 * so. A second Deploy finds nothing to change. Hand edits: drift is marked in the question and needs its
 * own confirmation; an edit made while the question waits is kept (the plan is pinned on the host). Needs root and code-server; fails (not skips) under CI
 * without them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCodeServer } from '../editor-harness/code-server-install.js';
import { UiSession } from '../editor-harness/ui-session.js';
import { packageExtension } from '../editor-harness/vsix-packager.js';
import { waitUntil } from '../editor-harness/wait-until.js';
import { createLab, vtyshJson, type Lab } from '../lab/index.js';
import { privateBackups } from '../deploy/support/deploy-lab.js';
import { backupDirs } from '../deploy/support/deploy-lab-instruments.js';
import { bundleExtension, PROJECT_ROOT } from './editor-build.js';

const canRun = (findCodeServer() !== undefined && process.getuid?.() === 0) || Boolean(process.env.CI);
const ROUTERS = ['r1', 'r2'];

describe.runIf(canRun)('Deploy confirmed in the editor', () => {
    let lab: Lab;
    let lan = '';
    let root: string;
    let session: UiSession | undefined;

    beforeAll(async () => {
        await bundleExtension();
        lab = await createLab((block) => {
            lan = block.ip(0, 0).split('.').slice(0, 3).join('.');
            return {
                segments: [{ name: 'lan', cidr: block.subnet(0) }],
                hosts: ROUTERS.map((name, i) => ({
                    name,
                    kind: 'router' as const,
                    addresses: [block.address(0, i + 1)],
                    daemons: ['sshd' as const, 'frr' as const],
                    frr: { bgpd: false }
                }))
            };
        });
        await privateBackups(lab);
        root = mkdtempSync(join(tmpdir(), 'bgptopo-editor-deploy-'));
        const workspace = join(root, 'workspace');
        mkdirSync(join(workspace, '.vscode'), { recursive: true });
        writeFileSync(
            join(workspace, 'site.bgptopo'),
            `topology ui-deploy\n\ndefaults { ssh user root  interface eth0 }\n\nnetwork lan ${lan}.0/24 { role underlay }\n\n` +
                ROUTERS.map((name, i) => `router ${name} { asn 64512  address ${lan}.${i + 1} }`).join('\n') +
                '\n'
        );
        writeFileSync(
            join(workspace, '.vscode', 'settings.json'),
            JSON.stringify({ 'bgptopo.ssh.identityFile': lab.clientKey.privateKeyPath, 'bgptopo.ssh.knownHostsFile': lab.knownHostsPath }, null, 2)
        );
    }, 180_000);

    afterAll(async () => {
        await session?.close();
        await lab?.destroy();
        if (root) rmSync(root, { recursive: true, force: true });
    }, 60_000);

    it('plans, shows the diffs, asks once; "Deploy" applies to both routers; a second Deploy has nothing to do', async () => {
        const packaged = packageExtension(PROJECT_ROOT, join(root, 'vsix'), 'bgptopo.vsix');
        session = await UiSession.open({ workspaceFolder: join(root, 'workspace'), outputDir: join(PROJECT_ROOT, 'test-output', 'screenshots'), vsixPaths: [packaged.vsixPath] });
        const ui = session;
        const page = ui.page;
        const summary = async (pattern: RegExp) => (await ui.notifications()).find((text) => pattern.test(text));

        await ui.openFile('site.bgptopo');
        await ui.runCommand('bgptopo: Deploy');
        const dialog = page.locator('.monaco-dialog-box');
        await dialog.waitFor({ state: 'visible', timeout: 60_000 });
        const question = (await dialog.locator('.dialog-message-text').textContent()) ?? '';
        expect(question).toMatch(/^Deploy \d+ changed file\(s\) to 2 host\(s\)\?$/);
        const detail = (await dialog.locator('.dialog-message-detail').textContent()) ?? '';
        expect(detail).toContain('r1: /etc/frr/frr.conf (update)');
        expect(detail).toContain('r2: /etc/frr/daemons (update)');
        // The plan's diffs are open behind the dialog, and nothing has changed on the hosts yet.
        const diffTabs = await page.locator('.tabs-container .tab').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('aria-label') ?? ''));
        expect(diffTabs.some((label) => label.includes('r1: /etc/frr/frr.conf (current ↔ new)'))).toBe(true);
        expect(await backupDirs(lab, 'r1')).toEqual([]);

        await dialog.getByRole('button', { name: 'Deploy' }).click();
        const done = await waitUntil('the deploy result', () => summary(/deploy site\.bgptopo: /), { timeoutMs: 120_000, intervalMs: 200 });
        expect(done).toMatch(/deploy site\.bgptopo: 2 host\(s\) done, 0 failed or skipped/);

        for (const router of ROUTERS) {
            // bgpd was enabled by the deployed daemons file and runs the rendered BGP instance.
            const bgp = await vtyshJson<{ routerId?: string; localAS?: number }>(lab.host(router), 'show bgp ipv4 unicast json');
            expect(bgp.localAS, router).toBe(64512);
            expect(bgp.routerId, router).toBe(lab.host(router).primaryAddress);
            expect((await lab.readFile(router, '/etc/frr/frr.conf')) ?? '').toMatch(/^! rendered by bgptopo from router /);
            expect(await backupDirs(lab, router), router).toHaveLength(1);
        }

        // Again: everything is up to date, no dialog.
        await ui.runCommand('Notifications: Clear All Notifications');
        await ui.runCommand('bgptopo: Deploy');
        const again = await waitUntil(
            'the up-to-date notice (or a dialog, which must not come)',
            async () => ((await dialog.isVisible()) ? 'a confirmation was asked' : summary(/every file is already up to date/)),
            { timeoutMs: 60_000, intervalMs: 200 }
        );
        expect(again).toMatch(/deploy site\.bgptopo: every file is already up to date/);
    }, 300_000);

    it('hand edits: drift is marked and needs its own confirmation; an edit made while the dialog waits is kept and reported', async () => {
        const ui = session!;
        const page = ui.page;
        const dialog = page.locator('.monaco-dialog-box');
        const summary = async (pattern: RegExp) => (await ui.notifications()).find((text) => pattern.test(text));
        // r1: a hand edit since bgptopo installed the file (drift). r2: a host without bgptopo's record (as
        // after an older bgptopo), edited by hand: a plain update.
        await lab.exec('r1', ['sed', '-i', 's/^hostname r1$/hostname r1-by-hand/', '/etc/frr/frr.conf']);
        await lab.exec('r2', ['rm', '-f', '/var/lib/bgptopo/installed.sha256']);
        await lab.exec('r2', ['sed', '-i', 's/^hostname r2$/hostname r2-by-hand/', '/etc/frr/frr.conf']);

        await ui.runCommand('Notifications: Clear All Notifications');
        await ui.runCommand('bgptopo: Deploy');
        await dialog.waitFor({ state: 'visible', timeout: 60_000 });
        const detail = (await dialog.locator('.dialog-message-detail').textContent()) ?? '';
        expect(detail).toContain('r1: /etc/frr/frr.conf (update, DRIFT: changed by hand since bgptopo installed it)');
        expect(detail).toContain('r2: /etc/frr/frr.conf (update)');
        // While the question waits, r2's file is edited again: the plan the dialog shows is no longer true.
        await lab.exec('r2', ['sh', '-c', 'echo "! edited while the dialog waited" >> /etc/frr/frr.conf']);
        await dialog.getByRole('button', { name: 'Deploy' }).click();

        // Drift gets its own question; not overwriting leaves r1 as it is.
        await waitUntil('the drift question', async () => ((await dialog.locator('.dialog-message-text').textContent()) ?? '').includes('changed by hand') || undefined, {
            timeoutMs: 30_000,
            intervalMs: 100
        });
        expect((await dialog.locator('.dialog-message-detail').textContent()) ?? '').toContain('r1: /etc/frr/frr.conf');
        await dialog.getByRole('button', { name: 'Cancel' }).click();

        const done = await waitUntil('the deploy result', () => summary(/deploy site\.bgptopo: /), { timeoutMs: 120_000, intervalMs: 200 });
        expect(done).toMatch(/deploy site\.bgptopo: 0 host\(s\) done, 2 failed or skipped/);
        expect((await lab.readFile('r1', '/etc/frr/frr.conf')) ?? '').toMatch(/^hostname r1-by-hand$/m);
        const r2 = (await lab.readFile('r2', '/etc/frr/frr.conf')) ?? '';
        expect(r2).toMatch(/^hostname r2-by-hand$/m);
        expect(r2).toContain('! edited while the dialog waited');
    }, 300_000);
});

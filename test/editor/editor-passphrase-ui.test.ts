/**
 * The SSH key passphrase and an unknown host key in the editor, as a person meets them: the packaged
 * extension in code-server, driven through Chromium. "bgptopo: Verify" needs an encrypted identity
 * (workspace setting) to reach a real OpenSSH server on loopback whose key is not in the (empty)
 * known_hosts file. The passphrase box refuses a wrong passphrase and takes the right one; the host key
 * dialog shows the key's fingerprint; "Cancel" leaves known_hosts empty and reaches nothing; the next Verify
 * does not ask for the passphrase again (kept in the editor's secret storage), and "Trust and Connect"
 * records the key once and Verify reaches the host even though the person took longer than the connect
 * timeout to decide; a third Verify asks nothing. Two hosts of the topology
 * (r1, lb1) are reached through the same address and port, so the key is asked for once, not twice. Verify only runs
 * read-only probes on the loopback host. Needs root (sshd) and code-server; fails (not skips) under CI
 * without them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCodeServer } from '../editor-harness/code-server-install.js';
import { UiSession } from '../editor-harness/ui-session.js';
import { packageExtension } from '../editor-harness/vsix-packager.js';
import { waitUntil } from '../editor-harness/wait-until.js';
import { QUICK_INPUT } from '../editor-harness/workbench-selectors.js';
import { startLoopbackSshd, type LoopbackSshd } from '../support/loopback-sshd.js';
import { bundleExtension, PROJECT_ROOT } from './editor-build.js';

const PASSPHRASE = 'correct horse 42';
const canRun = (findCodeServer() !== undefined && process.getuid?.() === 0) || Boolean(process.env.CI);

/** Established TCP connections to 127.0.0.1:port (from this machine's own namespace). */
function establishedTo(port: number): number {
    return execFileSync('ss', ['-Htn', 'state', 'established', `( dport = :${port} )`]).toString().split('\n').filter(Boolean).length;
}

describe.runIf(canRun)('SSH key passphrase in the editor', () => {
    let root: string;
    let sshd: LoopbackSshd;
    let session: UiSession | undefined;

    beforeAll(async () => {
        await bundleExtension();
        sshd = await startLoopbackSshd();
        root = mkdtempSync(join(tmpdir(), 'bgptopo-editor-passphrase-'));
        const workspace = join(root, 'workspace');
        mkdirSync(join(workspace, '.vscode'), { recursive: true });
        // The loopback server's client key, re-encrypted with a passphrase.
        const key = join(root, 'id_ed25519');
        writeFileSync(key, sshd.clientKey, { mode: 0o600 });
        execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', PASSPHRASE, '-f', key]);
        writeFileSync(join(root, 'known_hosts'), '');
        writeFileSync(
            join(workspace, 'site.bgptopo'),
            `topology passphrase

network fabric 10.200.0.0/24 { role underlay }
network lb     10.201.0.0/24 { role loadbalancer }

router r1 { asn 64512  address 10.200.0.1  ssh root@127.0.0.1:${sshd.port} }
loadbalancer lb1 { address 10.200.0.21  ssh root@127.0.0.1:${sshd.port} }

vip gw 10.200.0.254 {
  keepalived vrid 9
  holders r1 priority 150, lb1 priority 100
  interface eth0
}

cluster c {
  metallb {
    asn 65010
    peers r1
    pool lb
  }
  node n1 control-plane { address 10.200.0.11  ssh root@127.0.0.1:${sshd.port} }
}
`
        );
        writeFileSync(
            join(workspace, '.vscode', 'settings.json'),
            // A short connect timeout: the person reading the host key dialog takes longer than that.
            JSON.stringify({ 'bgptopo.ssh.identityFile': key, 'bgptopo.ssh.knownHostsFile': join(root, 'known_hosts'), 'bgptopo.ssh.connectTimeoutSeconds': 2 }, null, 2)
        );
    }, 120_000);

    afterAll(async () => {
        await session?.close();
        await sshd?.stop();
        if (root) rmSync(root, { recursive: true, force: true });
    });

    it('asks for the passphrase once and for an unknown host key until it is trusted, then connects', async () => {
        const packaged = packageExtension(PROJECT_ROOT, join(root, 'vsix'), 'bgptopo.vsix');
        session = await UiSession.open({ workspaceFolder: join(root, 'workspace'), outputDir: join(PROJECT_ROOT, 'test-output', 'screenshots'), vsixPaths: [packaged.vsixPath] });
        const ui = session;
        const page = ui.page;
        const knownHosts = () => readFileSync(join(root, 'known_hosts'), 'utf8');
        const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(sshd.dir, 'host_key.pub')]).toString().split(/\s+/)[1];
        const passphraseBox = page.locator(QUICK_INPUT).filter({ hasText: 'SSH key passphrase' });
        const hostKeyDialog = page.locator('.monaco-dialog-box').filter({ hasText: 'is not in' });
        const notice = async (pattern: RegExp) => (await ui.notifications()).find((text) => pattern.test(text));
        const clearNotices = async () => {
            await ui.runCommand('Notifications: Clear All Notifications');
            await waitUntil('notifications cleared', async () => ((await ui.notifications()).length === 0 ? true : undefined), { timeoutMs: 10_000, intervalMs: 100 });
        };

        // 1. The passphrase: a wrong one is refused in place, the right one accepted.
        await ui.openFile('site.bgptopo');
        await ui.runCommand('bgptopo: Verify', 20_000, true);
        await passphraseBox.waitFor({ state: 'visible', timeout: 60_000 });
        await page.keyboard.type('not the passphrase');
        await ui.waitForText({ selector: `${QUICK_INPUT} .quick-input-message`, text: 'This passphrase does not open the key.' }, 20_000);
        await page.keyboard.press('Enter'); // refused while invalid: the box stays
        expect(await passphraseBox.isVisible()).toBe(true);
        await page.keyboard.press('Control+A');
        await page.keyboard.type(PASSPHRASE);
        await page.keyboard.press('Enter');
        await passphraseBox.waitFor({ state: 'hidden', timeout: 20_000 });

        // 2. The unknown host key, with its fingerprint; "Cancel" trusts nothing and reaches nothing.
        await hostKeyDialog.waitFor({ state: 'visible', timeout: 60_000 });
        expect(await hostKeyDialog.textContent()).toContain(fingerprint);
        expect(await hostKeyDialog.textContent()).toContain(`The host 127.0.0.1 (port ${sshd.port}) is not in`);
        await hostKeyDialog.getByRole('button', { name: 'Cancel' }).click();
        const refused = await waitUntil('Verify to give up', () => notice(/could not verify|unreachable/), { timeoutMs: 60_000, intervalMs: 200 });
        expect(refused).toMatch(/no host was reachable/);
        expect(knownHosts()).toBe('');

        // 3. Again: no passphrase this time; "Trust and Connect" records the key once, and Verify reaches the host.
        await clearNotices();
        await ui.runCommand('bgptopo: Verify');
        const asked = await waitUntil(
            'the host key dialog (and no passphrase box)',
            async () => ((await passphraseBox.isVisible()) ? 'the passphrase was asked again' : (await hostKeyDialog.isVisible()) && 'dialog'),
            { timeoutMs: 60_000, intervalMs: 100 }
        );
        expect(asked).toBe('dialog');
        // Take longer than the connect timeout to decide: the attempts behind the dialog give up (no SSH
        // connection to the server is left), yet trusting the key still connects.
        await waitUntil('the waiting connections to time out', () => (establishedTo(sshd.port) === 0 ? true : undefined), { timeoutMs: 30_000, intervalMs: 100 });
        await hostKeyDialog.getByRole('button', { name: 'Trust and Connect' }).click();
        const first = await waitUntil('the Verify summary', () => notice(/verify site\.bgptopo: /), { timeoutMs: 60_000, intervalMs: 200 });
        expect(first).toMatch(/verify site\.bgptopo: \d+ passed, \d+ failed, \d+ unknown/);
        expect(first).not.toMatch(/unreachable/);
        // One line, hashed as OpenSSH hashes names, that OpenSSH's own lookup finds for this host and port.
        const recorded = knownHosts().split('\n').filter(Boolean);
        expect(recorded).toHaveLength(1);
        expect(recorded[0]).toMatch(new RegExp(`^\\|1\\|[^ ]+ ${sshd.hostPublicKey.replace(/[+/]/g, '\\$&')}$`));
        const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', join(root, 'known_hosts')]).toString();
        expect(found).toContain(sshd.hostPublicKey);

        // 4. A third Verify asks nothing at all.
        await clearNotices();
        await ui.runCommand('bgptopo: Verify');
        const third = await waitUntil(
            'the third Verify summary (or a prompt, which must not come)',
            async () =>
                (await passphraseBox.isVisible()) ? 'the passphrase was asked again' : (await hostKeyDialog.isVisible()) ? 'the host key was asked again' : notice(/verify site\.bgptopo: /),
            { timeoutMs: 60_000, intervalMs: 100 }
        );
        expect(third).toMatch(/verify site\.bgptopo: \d+ passed, \d+ failed, \d+ unknown/);
        expect(knownHosts().split('\n').filter(Boolean)).toEqual(recorded);
    }, 240_000);
});

/**
 * The SSH key passphrase in the editor, as a person meets it: the packaged extension in code-server, driven
 * through Chromium. "bgptopo: Verify" needs an encrypted identity (workspace setting) to reach a real
 * OpenSSH server on loopback; the passphrase box appears, refuses a wrong passphrase, accepts the right one,
 * and Verify reaches the host. A second Verify does not ask again: the passphrase is kept in the editor's
 * secret storage. Verify only runs read-only probes on the loopback host. Needs root (sshd) and code-server;
 * fails (not skips) under CI without them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

describe.runIf(canRun)('SSH key passphrase in the editor', () => {
    let root: string;
    let sshd: LoopbackSshd;
    let session: UiSession | undefined;

    beforeAll(async () => {
        bundleExtension();
        sshd = await startLoopbackSshd();
        root = mkdtempSync(join(tmpdir(), 'bgptopo-editor-passphrase-'));
        const workspace = join(root, 'workspace');
        mkdirSync(join(workspace, '.vscode'), { recursive: true });
        // The loopback server's client key, re-encrypted with a passphrase.
        const key = join(root, 'id_ed25519');
        writeFileSync(key, sshd.clientKey, { mode: 0o600 });
        execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', PASSPHRASE, '-f', key]);
        writeFileSync(join(root, 'known_hosts'), sshd.knownHosts);
        writeFileSync(
            join(workspace, 'site.bgptopo'),
            `topology passphrase

network fabric 10.200.0.0/24 { role underlay }
network lb     10.201.0.0/24 { role loadbalancer }

router r1 { asn 64512  address 10.200.0.1  ssh root@127.0.0.1:${sshd.port} }

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
            JSON.stringify({ 'bgptopo.ssh.identityFile': key, 'bgptopo.ssh.knownHostsFile': join(root, 'known_hosts') }, null, 2)
        );
    }, 120_000);

    afterAll(async () => {
        await session?.close();
        await sshd?.stop();
        if (root) rmSync(root, { recursive: true, force: true });
    });

    it('asks once, refuses a wrong passphrase, then connects; the second Verify does not ask', async () => {
        const packaged = packageExtension(PROJECT_ROOT, join(root, 'vsix'), 'bgptopo.vsix');
        session = await UiSession.open({ workspaceFolder: join(root, 'workspace'), outputDir: join(PROJECT_ROOT, 'test-output', 'screenshots'), vsixPaths: [packaged.vsixPath] });
        const ui = session;
        const page = ui.page;
        const passphraseBox = page.locator(QUICK_INPUT).filter({ hasText: 'SSH key passphrase' });
        const verifySummary = async () => (await ui.notifications()).find((text) => text.includes('verify site.bgptopo'));

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

        // Verify reached the host: a summary of checks, not "could not verify" / unreachable.
        const first = await waitUntil('the first Verify summary', verifySummary, { timeoutMs: 60_000, intervalMs: 200 });
        expect(first).toMatch(/verify site\.bgptopo: \d+ passed, \d+ failed, \d+ unknown/);
        expect(first).not.toMatch(/unreachable|could not verify/);
        expect((await ui.notifications()).join('\n')).not.toMatch(/passphrase|identity/i);

        // Again: no passphrase box this time (it is in the secret storage), and the host is reached again.
        await ui.runCommand('Notifications: Clear All Notifications');
        await waitUntil('notifications cleared', async () => ((await verifySummary()) === undefined ? true : undefined), { timeoutMs: 10_000, intervalMs: 100 });
        await ui.runCommand('bgptopo: Verify');
        const second = await waitUntil(
            'the second Verify summary (or the passphrase box, which must not come)',
            async () => ((await passphraseBox.isVisible()) ? 'the passphrase was asked again' : verifySummary()),
            { timeoutMs: 60_000, intervalMs: 100 }
        );
        expect(second).toMatch(/verify site\.bgptopo: \d+ passed, \d+ failed, \d+ unknown/);
        expect(second).not.toMatch(/unreachable/);
    }, 240_000);
});

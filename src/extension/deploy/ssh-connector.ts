/**
 * The editor's side of SSH (the rules are the deploy layer's, deploy/ssh-connector.ts): the settings as
 * fallbacks (`bgptopo.ssh.defaultUser`, `identityFile`, `knownHostsFile`), a key's passphrase asked once
 * and kept in SecretStorage, an unknown host key shown with its fingerprint in a modal and trusted only
 * when the person says so.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { HostConnect } from '../../deploy/host-target.js';
import { createSshConnector } from '../../deploy/ssh-connector.js';
import type { ExtensionLog } from '../extension-log.js';
import type { SshSettings } from '../settings.js';
import type { SecretStore } from './secret-store.js';

export function editorSshConnector(settings: SshSettings, secrets: SecretStore, log: ExtensionLog, topologyDir: string): HostConnect {
    const home = homedir();
    return createSshConnector(
        {
            fallbackUser: settings.defaultUser,
            identityFallback: settings.identityFile ? { path: settings.identityFile, base: topologyDir } : undefined,
            knownHostsFallback: { path: settings.knownHostsFile, base: topologyDir },
            topologyDir,
            home,
            agent: process.env.SSH_AUTH_SOCK,
            connectTimeoutMs: settings.connectTimeoutMs
        },
        {
            passphrase: async (file, opens) => {
                const stored = await secrets.getPassphrase(file);
                if (stored !== undefined && opens(stored)) {
                    return stored;
                }
                const passphrase = await vscode.window.showInputBox({
                    title: 'bgptopo: SSH key passphrase',
                    prompt: `Passphrase of ${file} (kept in the editor's secret storage)`,
                    password: true,
                    ignoreFocusOut: true,
                    validateInput: (value) => (opens(value) ? undefined : 'This passphrase does not open the key.')
                });
                if (passphrase !== undefined) {
                    await secrets.setPassphrase(file, passphrase);
                }
                return passphrase;
            },
            trustHostKey: async ({ host, port, check, knownHostsFile }) => {
                const trust = 'Trust and Connect';
                const answer = await vscode.window.showWarningMessage(
                    `The host ${host}${port === 22 ? '' : ` (port ${port})`} is not in ${knownHostsFile}.`,
                    {
                        modal: true,
                        detail: `Its ${check.keyType} key fingerprint is\n\n${check.fingerprint}\n\nCompare it with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) before trusting it.`
                    },
                    trust
                );
                return answer === trust;
            },
            info: (line) => log.info(line),
            warn: (line) => log.warn(line),
            debug: (line) => log.info(line)
        }
    );
}

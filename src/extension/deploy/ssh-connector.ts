/**
 * Opens SSH sessions for Deploy and Verify from the editor: the host's `ssh` line (or its first address),
 * the user from the topology else the `bgptopo.ssh.defaultUser` setting, the key file from the topology else
 * the setting else ssh-agent. Host keys are checked against known_hosts; an unknown key is shown with its
 * fingerprint in a modal and accepted only when the user says so (then appended to known_hosts). A key's
 * passphrase is asked once and kept in SecretStorage. Concurrent prompts are asked one at a time.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { utils as sshUtils } from 'ssh2';
import * as vscode from 'vscode';
import type { ModelHost, SshEndpoint, TopologyModel } from '../../model/topology-model.js';
import { SshError } from '../../deploy/ssh-errors.js';
import { checkHostKey, type HostKeyCheck } from '../../deploy/ssh-known-hosts.js';
import { SshSession, type HostKeyPolicy, type SshTargetOptions } from '../../deploy/ssh-session.js';
import type { ExtensionLog } from '../extension-log.js';
import type { SshSettings } from '../settings.js';
import type { SecretStore } from './secret-store.js';

export type HostConnect = (host: ModelHost) => Promise<SshSession>;

/** Serialises prompts so two hosts never open two modals at once. */
class PromptQueue {
    private tail: Promise<unknown> = Promise.resolve();

    run<T>(prompt: () => Promise<T>): Promise<T> {
        const next = this.tail.then(prompt, prompt);
        this.tail = next.catch(() => undefined);
        return next;
    }
}

function expandHome(path: string): string {
    return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

export class EditorSshConnector {
    private readonly prompts = new PromptQueue();
    private readonly keys = new Map<string, Promise<{ privateKey: Buffer; passphrase?: string }>>();
    /** `host:port fingerprint` of the host keys refused during this command. */
    private readonly refusedKeys = new Set<string>();

    constructor(
        private readonly settings: SshSettings,
        private readonly secrets: SecretStore,
        private readonly log: ExtensionLog,
        private readonly topologyDir: string
    ) {}

    /** A connect function for planDeploy / verifyTopology over this model. */
    forModel(model: TopologyModel): HostConnect {
        return (host) => this.connect(model, host);
    }

    async connect(model: TopologyModel, host: ModelHost): Promise<SshSession> {
        const endpoint = host.ssh;
        if (!endpoint) {
            throw new SshError('unreachable', host.name, `${host.name}: no ssh line and no address in the topology`);
        }
        const user = this.userFor(model, host, endpoint);
        const identity = endpoint.identity ?? model.defaults.identity ?? this.settings.identityFile;
        const key = identity ? await this.loadKey(this.resolvePath(identity)) : undefined;
        const knownHostsFile = this.resolvePath(endpoint.knownHosts ?? model.defaults.knownHosts ?? this.settings.knownHostsFile);
        // The host key decision of this attempt, if a dialog was needed.
        let decision: Promise<boolean> | undefined;
        const target: SshTargetOptions = {
            host: endpoint.host,
            port: endpoint.port,
            user,
            privateKey: key?.privateKey,
            passphrase: key?.passphrase,
            agent: key ? undefined : process.env.SSH_AUTH_SOCK,
            connectTimeoutMs: this.settings.connectTimeoutMs,
            jump: endpoint.jump ? { host: endpoint.jump.host, port: endpoint.jump.port, user: endpoint.jump.user, privateKey: key?.privateKey, passphrase: key?.passphrase, agent: key ? undefined : process.env.SSH_AUTH_SOCK, connectTimeoutMs: this.settings.connectTimeoutMs } : undefined,
            hostKeys: this.hostKeyPolicy(knownHostsFile, (pending) => (decision = pending))
        };
        this.log.info(`ssh ${user}@${endpoint.host}:${endpoint.port} (${host.name})${endpoint.jump ? ` via ${endpoint.jump.host}` : ''}`);
        try {
            return await SshSession.connect(target);
        } catch (error) {
            // The connect timeout runs while the host key dialog waits for the person comparing fingerprints:
            // wait for their decision; once they trusted the key (now in known_hosts), one more attempt goes
            // through without asking.
            if (decision && error instanceof SshError && error.code === 'connect-timeout' && (await decision)) {
                this.log.info(`ssh ${endpoint.host}:${endpoint.port} (${host.name}): connecting again now that its host key is trusted`);
                return SshSession.connect(target);
            }
            throw error;
        }
    }

    private userFor(model: TopologyModel, host: ModelHost, endpoint: SshEndpoint): string {
        const explicit = host.ast.ssh?.target?.user !== undefined || model.ast.elements.some((element) => element.$type === 'Defaults' && element.ssh.some((ssh) => ssh.user !== undefined));
        return explicit ? endpoint.user : this.settings.defaultUser ?? endpoint.user;
    }

    private resolvePath(path: string): string {
        const expanded = expandHome(path);
        return isAbsolute(expanded) ? expanded : join(this.topologyDir, expanded);
    }

    private loadKey(file: string): Promise<{ privateKey: Buffer; passphrase?: string }> {
        let loaded = this.keys.get(file);
        if (!loaded) {
            loaded = this.readKey(file);
            this.keys.set(file, loaded);
            loaded.catch(() => this.keys.delete(file));
        }
        return loaded;
    }

    private async readKey(file: string): Promise<{ privateKey: Buffer; passphrase?: string }> {
        let privateKey: Buffer;
        try {
            privateKey = readFileSync(file);
        } catch (error) {
            throw new SshError('identity-unreadable', file, `cannot read the SSH identity ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        }
        const parsed = sshUtils.parseKey(privateKey);
        if (!(parsed instanceof Error)) {
            return { privateKey };
        }
        if (!/passphrase|encrypted/i.test(parsed.message)) {
            throw new SshError('identity-unreadable', file, `the SSH identity ${file} is not a usable private key: ${parsed.message}`);
        }
        const stored = await this.secrets.getPassphrase(file);
        if (stored !== undefined && !(sshUtils.parseKey(privateKey, stored) instanceof Error)) {
            return { privateKey, passphrase: stored };
        }
        const passphrase = await this.prompts.run(async () =>
            vscode.window.showInputBox({
                title: 'bgptopo: SSH key passphrase',
                prompt: `Passphrase of ${file} (kept in the editor's secret storage)`,
                password: true,
                ignoreFocusOut: true,
                validateInput: (value) => (sshUtils.parseKey(privateKey, value) instanceof Error ? 'This passphrase does not open the key.' : undefined)
            })
        );
        if (passphrase === undefined) {
            throw new SshError('identity-unreadable', file, `no passphrase given for ${file}`);
        }
        await this.secrets.setPassphrase(file, passphrase);
        return { privateKey, passphrase };
    }

    private hostKeyPolicy(knownHostsFile: string, onDecision: (pending: Promise<boolean>) => void): HostKeyPolicy {
        return {
            knownHosts: () => (existsSync(knownHostsFile) ? readFileSync(knownHostsFile, 'utf8') : ''),
            onUnknownKey: (host, port, check, line) => {
                const pending = this.prompts.run(() => this.confirmHostKey(knownHostsFile, host, port, check, line));
                onDecision(pending);
                return pending;
            }
        };
    }

    private async confirmHostKey(knownHostsFile: string, host: string, port: number, check: HostKeyCheck, line: string): Promise<boolean> {
        // Prompts wait in line: another connection to the same host may have had this key trusted, or
        // refused, meanwhile (two topology hosts behind one address): ask once per key and command.
        // (The line's host name is hashed with a fresh salt each time: compare by host, port and key.)
        const keyBlob = Buffer.from(line.trim().split(/\s+/).pop() ?? '', 'base64');
        if (existsSync(knownHostsFile) && checkHostKey(readFileSync(knownHostsFile, 'utf8'), host, port, keyBlob).status === 'known') {
            return true;
        }
        const refusal = `${host}:${port} ${check.fingerprint}`;
        if (this.refusedKeys.has(refusal)) {
            return false;
        }
        const trust = 'Trust and Connect';
        const answer = await vscode.window.showWarningMessage(
            `The host ${host}${port === 22 ? '' : ` (port ${port})`} is not in ${knownHostsFile}.`,
            {
                modal: true,
                detail: `Its ${check.keyType} key fingerprint is\n\n${check.fingerprint}\n\nCompare it with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) before trusting it.`
            },
            trust
        );
        if (answer !== trust) {
            this.refusedKeys.add(refusal);
            this.log.warn(`${host}: host key ${check.fingerprint} not trusted`);
            return false;
        }
        mkdirSync(dirname(knownHostsFile), { recursive: true, mode: 0o700 });
        appendFileSync(knownHostsFile, `${line}\n`, { mode: 0o600 });
        this.log.info(`${host}: host key ${check.keyType} ${check.fingerprint} added to ${knownHostsFile}`);
        return true;
    }
}

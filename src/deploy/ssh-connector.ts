/**
 * The one SSH target builder for every shell: a host's endpoint as the file states it (model `SshEndpoint`)
 * plus the shell's choices (a fallback user, an identity or known_hosts file given for this run or as a
 * setting, the timeout) → an SSH session, with the host key checked against known_hosts.
 *
 * Rules, the same in the CLI and the editor:
 * - user: the file's (`ssh user@host` or `defaults { ssh user … }`), else the shell's fallback, else root;
 * - identity and known_hosts: what this run names (`--identity`, `--known-hosts`), else the file's
 *   (`defaults { ssh identity … }`), else the shell's fallback (settings, ~/.ssh/…); no identity: ssh-agent;
 *   a path written in the file is relative to the file's folder, one given to the shell to its own base;
 * - an encrypted key's passphrase is asked through the shell once per key file and command;
 * - an unknown host key goes to the shell's decision once per key and command (prompts one at a time;
 *   a key trusted meanwhile by another connection is not asked again) and, when trusted, is appended to
 *   known_hosts (ssh-known-hosts-file.ts); a changed or revoked key is always refused (ssh-session.ts);
 * - a decision slower than the connect timeout does not lose the connection: once trusted, it is made again.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { utils as sshUtils } from 'ssh2';
import type { HostConnect, HostTarget } from './host-target.js';
import { SshError } from './ssh-errors.js';
import { checkHostKey, type HostKeyCheck } from './ssh-known-hosts.js';
import { appendKnownHost, readKnownHosts } from './ssh-known-hosts-file.js';
import { SshSession, type HostKeyPolicy, type SshTargetOptions } from './ssh-session.js';

/** A path and the folder a relative one is resolved against. */
export interface ShellPath {
    readonly path: string;
    readonly base: string;
}

export interface SshChoices {
    /** Login user for hosts whose file states none (CLI `--user`, `bgptopo.ssh.defaultUser`). */
    readonly fallbackUser?: string;
    /** Named for this run: win over the file (CLI `--identity`, `--known-hosts`). */
    readonly identityOverride?: ShellPath;
    readonly knownHostsOverride?: ShellPath;
    /** Used when neither this run nor the file names one (settings; the CLI's ~/.ssh defaults). */
    readonly identityFallback?: ShellPath;
    readonly knownHostsFallback: ShellPath;
    /** The topology file's folder: paths written in the file are relative to it. */
    readonly topologyDir: string;
    readonly home: string;
    /** SSH_AUTH_SOCK, used when no identity file is named. */
    readonly agent?: string;
    readonly connectTimeoutMs: number;
}

export interface HostKeyQuestion {
    readonly host: string;
    readonly port: number;
    readonly check: HostKeyCheck;
    readonly knownHostsFile: string;
}

/** What only a shell can do: ask a person (or read a flag) and tell them what happened. */
export interface SshConnectorPorts {
    /** The passphrase of an encrypted key; `opens` tells whether a candidate opens it. Undefined: none given. */
    passphrase(keyFile: string, opens: (candidate: string) => boolean): Promise<string | undefined>;
    /** An unknown host key: true to trust it (it is then appended to known_hosts). */
    trustHostKey(question: HostKeyQuestion): Promise<boolean>;
    /** Something the person should see (a key added to known_hosts). */
    info(line: string): void;
    warn(line: string): void;
    /** Each connection made, for a log. */
    debug?(line: string): void;
}

interface LoadedKey {
    readonly privateKey: Buffer;
    readonly passphrase?: string;
}

/** Serialises prompts so two hosts never ask at once. */
class PromptQueue {
    private tail: Promise<unknown> = Promise.resolve();

    run<T>(prompt: () => Promise<T>): Promise<T> {
        const next = this.tail.then(prompt, prompt);
        this.tail = next.catch(() => undefined);
        return next;
    }
}

export function expandPath(entry: ShellPath, home: string): string {
    const expanded = entry.path.startsWith('~/') ? join(home, entry.path.slice(2)) : entry.path;
    return isAbsolute(expanded) ? expanded : join(entry.base, expanded);
}

/** The login user of a target: the file's, else the shell's fallback, else the built-in default (root). */
export function loginUser(target: HostTarget, fallbackUser: string | undefined): string | undefined {
    const ssh = target.ssh;
    return ssh && (ssh.stated.user || !fallbackUser) ? ssh.user : fallbackUser;
}

/** Opens sessions for one command; each call a new session (pool them: ssh-session-pool.ts). */
export function createSshConnector(choices: SshChoices, ports: SshConnectorPorts): HostConnect {
    const prompts = new PromptQueue();
    const keys = new Map<string, Promise<LoadedKey>>();
    /** `host:port fingerprint` of the host keys refused during this command. */
    const refusedKeys = new Set<string>();
    const fromFile = (path: string): ShellPath => ({ path, base: choices.topologyDir });

    const loadKey = (file: string): Promise<LoadedKey> => {
        let loaded = keys.get(file);
        if (!loaded) {
            loaded = readKey(file);
            keys.set(file, loaded);
            loaded.catch(() => keys.delete(file));
        }
        return loaded;
    };
    const readKey = async (file: string): Promise<LoadedKey> => {
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
        // Opening a key with a passphrase costs a bcrypt KDF run (a second of CPU on a busy machine): once per candidate.
        const tried = new Map<string, boolean>();
        const opens = (candidate: string): boolean => {
            let result = tried.get(candidate);
            if (result === undefined) {
                result = !(sshUtils.parseKey(privateKey, candidate) instanceof Error);
                tried.set(candidate, result);
            }
            return result;
        };
        const passphrase = await prompts.run(() => ports.passphrase(file, opens));
        if (passphrase === undefined) {
            throw new SshError('identity-unreadable', file, `no passphrase given for ${file}`);
        }
        if (!opens(passphrase)) {
            throw new SshError('identity-unreadable', file, `the passphrase given does not open ${file}`);
        }
        return { privateKey, passphrase };
    };

    const confirmHostKey = async (knownHostsFile: string, host: string, port: number, check: HostKeyCheck, line: string): Promise<boolean> => {
        // Prompts wait in line: another connection to the same host may have had this key trusted, or
        // refused, meanwhile (two topology hosts behind one address): ask once per key and command.
        // (The line's host name is hashed with a fresh salt each time: compare by host, port and key.)
        const keyBlob = Buffer.from(line.trim().split(/\s+/).pop() ?? '', 'base64');
        if (checkHostKey(readKnownHosts(knownHostsFile), host, port, keyBlob).status === 'known') {
            return true;
        }
        const refusal = `${host}:${port} ${check.fingerprint}`;
        if (refusedKeys.has(refusal)) {
            return false;
        }
        if (!(await ports.trustHostKey({ host, port, check, knownHostsFile }))) {
            refusedKeys.add(refusal);
            ports.warn(`${host}: host key ${check.keyType} ${check.fingerprint} not trusted`);
            return false;
        }
        appendKnownHost(knownHostsFile, line);
        ports.info(`${host}: host key ${check.keyType} ${check.fingerprint} added to ${knownHostsFile}`);
        return true;
    };

    const hostKeyPolicy = (knownHostsFile: string, onDecision: (pending: Promise<boolean>) => void): HostKeyPolicy => ({
        knownHosts: () => readKnownHosts(knownHostsFile),
        onUnknownKey: (host, port, check, line) => {
            const pending = prompts.run(() => confirmHostKey(knownHostsFile, host, port, check, line));
            onDecision(pending);
            return pending;
        }
    });

    return async (target) => {
        const endpoint = target.ssh;
        if (!endpoint) {
            throw new SshError('unreachable', target.name, `${target.name}: no ssh line and no address in the topology`);
        }
        const user = loginUser(target, choices.fallbackUser)!;
        const identity =
            choices.identityOverride ?? (endpoint.identity !== undefined ? fromFile(endpoint.identity) : undefined) ?? choices.identityFallback;
        const key = identity ? await loadKey(expandPath(identity, choices.home)) : undefined;
        const knownHostsFile = expandPath(
            choices.knownHostsOverride ?? (endpoint.knownHosts !== undefined ? fromFile(endpoint.knownHosts) : choices.knownHostsFallback),
            choices.home
        );
        const credentials = { privateKey: key?.privateKey, passphrase: key?.passphrase, agent: key ? undefined : choices.agent, connectTimeoutMs: choices.connectTimeoutMs };
        // The host key decision of this attempt, if one was needed.
        let decision: Promise<boolean> | undefined;
        const options: SshTargetOptions = {
            host: endpoint.host,
            port: endpoint.port,
            user,
            ...credentials,
            jump: endpoint.jump ? { host: endpoint.jump.host, port: endpoint.jump.port, user: endpoint.jump.user, ...credentials } : undefined,
            hostKeys: hostKeyPolicy(knownHostsFile, (pending) => (decision = pending))
        };
        ports.debug?.(`ssh ${user}@${endpoint.host}:${endpoint.port} (${target.name})${endpoint.jump ? ` via ${endpoint.jump.host}` : ''}`);
        try {
            return await SshSession.connect(options);
        } catch (error) {
            // The connect timeout runs while the host key question waits for the person comparing
            // fingerprints: once they trusted the key (now in known_hosts), one more attempt goes through.
            if (decision && error instanceof SshError && error.code === 'connect-timeout' && (await decision)) {
                ports.debug?.(`ssh ${endpoint.host}:${endpoint.port} (${target.name}): connecting again now that its host key is trusted`);
                return SshSession.connect(options);
            }
            throw error;
        }
    };
}

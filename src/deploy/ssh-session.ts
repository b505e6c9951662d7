/**
 * One SSH connection to one host, over ssh2: connect (agent or identity file, optional jump host) with
 * the host key checked against known_hosts, run commands with per-command timeouts, sudo when the user is
 * not root, and secrets passed on stdin only. Modelled on node-ssh: `connect` resolves on `ready` and
 * rejects on `error` or an early `close`; per-operation listeners are removed when the operation ends.
 */
import { randomBytes } from 'node:crypto';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { Duplex } from 'node:stream';
import { checkHostKey, knownHostsLine, type HostKeyCheck } from './ssh-known-hosts.js';
import { SshError, normaliseSshError } from './ssh-errors.js';
import { commandLine } from './shell-quote.js';

export interface SshTargetOptions {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    /** Private key text (already read by the shell); else ssh-agent through `agent`. */
    readonly privateKey?: string | Buffer;
    readonly passphrase?: string;
    /** SSH_AUTH_SOCK path. */
    readonly agent?: string;
    readonly jump?: Omit<SshTargetOptions, 'jump' | 'hostKeys'>;
    readonly connectTimeoutMs?: number;
    readonly hostKeys: HostKeyPolicy;
}

/** How host keys are checked; the shell provides known_hosts and the decision on unknown keys. */
export interface HostKeyPolicy {
    /** The current known_hosts text. */
    knownHosts(): string;
    /** An unknown key: return true to accept it; `line` is what to append to known_hosts. */
    onUnknownKey(host: string, port: number, check: HostKeyCheck, line: string): Promise<boolean>;
}

export interface ExecOptions {
    readonly stdin?: string | Buffer;
    readonly timeoutMs?: number;
    /** Run through `sudo -n` when the login user is not root. */
    readonly sudo?: boolean;
}

export interface ExecResult {
    readonly code: number | null;
    readonly signal?: string;
    readonly stdout: string;
    readonly stderr: string;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

export class SshSession {
    private constructor(
        private readonly client: Client,
        private readonly jumpClient: Client | undefined,
        readonly target: SshTargetOptions
    ) {}

    get isRoot(): boolean {
        return this.target.user === 'root';
    }

    static async connect(target: SshTargetOptions): Promise<SshSession> {
        let jumpClient: Client | undefined;
        try {
            let sock: Duplex | undefined;
            if (target.jump) {
                jumpClient = await openClient({ ...target.jump, hostKeys: target.hostKeys });
                sock = await forward(jumpClient, target.host, target.port);
            }
            const client = await openClient(target, sock);
            return new SshSession(client, jumpClient, target);
        } catch (error) {
            jumpClient?.end();
            throw normaliseSshError(error, target.host);
        }
    }

    /** Run one command given as argv; every argument is quoted. */
    exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
        const line = commandLine(options.sudo && !this.isRoot ? ['sudo', '-n', '--', ...argv] : argv);
        return this.run(line, options);
    }

    close(): void {
        this.client.end();
        this.jumpClient?.end();
    }

    private run(line: string, options: ExecOptions): Promise<ExecResult> {
        const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
        const host = this.target.host;
        return new Promise<ExecResult>((resolve, reject) => {
            let channel: ClientChannel | undefined;
            let settled = false;
            const stdout: Buffer[] = [];
            const stderr: Buffer[] = [];
            const onClientGone = (): void => finish(new SshError('connection-lost', host, `${host}: connection lost while running a command`));
            const timer = setTimeout(() => {
                channel?.close();
                finish(new SshError('command-timeout', host, `${host}: command did not finish within ${timeoutMs} ms: ${line.slice(0, 120)}`));
            }, timeoutMs);
            const finish = (error?: Error, result?: ExecResult): void => {
                if (settled) {
                    return;
                }
                settled = true;
                clearTimeout(timer);
                this.client.removeListener('close', onClientGone);
                this.client.removeListener('error', onClientGone);
                if (error) {
                    reject(error);
                } else {
                    resolve(result!);
                }
            };
            this.client.once('close', onClientGone);
            this.client.once('error', onClientGone);
            try {
                this.client.exec(line, (error, stream) => {
                    if (error) {
                        finish(normaliseSshError(error, host));
                        return;
                    }
                    channel = stream;
                    stream.on('data', (chunk: Buffer) => stdout.push(chunk));
                    stream.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
                    stream.on('close', (code: number | null, signal?: string) =>
                        finish(undefined, {
                            code: code ?? null,
                            signal,
                            stdout: Buffer.concat(stdout).toString('utf8'),
                            stderr: Buffer.concat(stderr).toString('utf8')
                        })
                    );
                    if (options.stdin !== undefined) {
                        stream.end(options.stdin);
                    } else {
                        stream.end();
                    }
                });
            } catch (error) {
                finish(normaliseSshError(error, host));
            }
        });
    }
}

function openClient(target: SshTargetOptions, sock?: Duplex): Promise<Client> {
    const client = new Client();
    return new Promise<Client>((resolve, reject) => {
        let hostKeyError: SshError | undefined;
        let ready = false;
        const config: ConnectConfig = {
            host: sock ? undefined : target.host,
            port: sock ? undefined : target.port,
            sock,
            username: target.user,
            privateKey: target.privateKey,
            passphrase: target.passphrase,
            agent: target.privateKey ? undefined : target.agent,
            readyTimeout: target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
            keepaliveInterval: 15_000,
            hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
                verifyHostKey(target, key).then(
                    () => verify(true),
                    (error: SshError) => {
                        hostKeyError = error;
                        verify(false);
                    }
                );
            }
        };
        client.once('ready', () => {
            ready = true;
            resolve(client);
        });
        client.once('error', (error) => reject(hostKeyError ?? normaliseSshError(error, target.host)));
        client.once('close', () => {
            if (!ready) {
                reject(hostKeyError ?? new SshError('connection-lost', target.host, `${target.host}: connection closed before it was ready`));
            }
        });
        try {
            client.connect(config);
        } catch (error) {
            reject(normaliseSshError(error, target.host));
        }
    });
}

async function verifyHostKey(target: Pick<SshTargetOptions, 'host' | 'port' | 'hostKeys'>, key: Buffer): Promise<void> {
    const check = checkHostKey(target.hostKeys.knownHosts(), target.host, target.port, key);
    switch (check.status) {
        case 'known':
            return;
        case 'changed':
            throw new SshError(
                'host-key-changed',
                target.host,
                `${target.host}: the host key CHANGED (${check.keyType} ${check.fingerprint}; known_hosts line ${check.conflictingLine} holds another). Refusing to connect: this can be an attack. If the host was reinstalled, remove the old entry yourself.`
            );
        case 'revoked':
            throw new SshError('host-key-revoked', target.host, `${target.host}: the host key ${check.fingerprint} is marked @revoked in known_hosts`);
        case 'unknown': {
            const line = knownHostsLine(target.host, target.port, key, randomBytes(20));
            if (await target.hostKeys.onUnknownKey(target.host, target.port, check, line)) {
                return;
            }
            throw new SshError(
                'host-key-unknown',
                target.host,
                `${target.host}: unknown host key ${check.keyType} ${check.fingerprint}; not accepted (confirm it, or pass --accept-new after checking the fingerprint)`
            );
        }
    }
}

function forward(jump: Client, host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
        jump.forwardOut('127.0.0.1', 0, host, port, (error, stream) => (error ? reject(error) : resolve(stream)));
    });
}

/** The SSH layer against a real OpenSSH server on loopback: host keys, auth, quoting, stdin, timeouts. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SshSession, type HostKeyPolicy, type SshTargetOptions } from '../../src/deploy/ssh-session.js';
import { SshError } from '../../src/deploy/ssh-errors.js';
import { checkHostKey } from '../../src/deploy/ssh-known-hosts.js';
import { freePort, startLoopbackSshd, waitFor, type LoopbackSshd } from '../support/loopback-sshd.js';

let sshd: LoopbackSshd;

beforeAll(async () => {
    sshd = await startLoopbackSshd();
});

afterAll(async () => {
    await sshd?.stop();
});

function policy(knownHosts: string, accept = false, seen: string[] = []): HostKeyPolicy {
    return {
        knownHosts: () => knownHosts,
        onUnknownKey: async (_host, _port, check, line) => {
            seen.push(`${check.fingerprint} ${line}`);
            return accept;
        }
    };
}

function target(overrides: Partial<SshTargetOptions> = {}): SshTargetOptions {
    return { host: '127.0.0.1', port: sshd.port, user: 'root', privateKey: sshd.clientKey, hostKeys: policy(sshd.knownHosts), ...overrides };
}

async function expectSshError(promise: Promise<unknown>, code: string): Promise<SshError> {
    const error = await promise.then(
        () => undefined,
        (e: unknown) => e
    );
    expect(error).toBeInstanceOf(SshError);
    expect((error as SshError).code).toBe(code);
    return error as SshError;
}

describe('SshSession against a real sshd', () => {
    test('runs a command on a host whose key is in known_hosts', async () => {
        const session = await SshSession.connect(target());
        try {
            const result = await session.exec(['id', '-u']);
            expect(result.code).toBe(0);
            expect(result.stdout.trim()).toBe('0');
        } finally {
            session.close();
        }
    });

    test('passes arguments with spaces, quotes and shell metacharacters through unchanged', async () => {
        const session = await SshSession.connect(target());
        try {
            const tricky = [`it's "quoted"`, '$(touch /tmp/bgptopo-pwned)', 'a;b|c&d', '', '*', 'new\nline'];
            const result = await session.exec(['printf', '%s\\0', ...tricky]);
            expect(result.stdout.split('\0').slice(0, -1)).toEqual(tricky);
            const check = await session.exec(['test', '-e', '/tmp/bgptopo-pwned']);
            expect(check.code).not.toBe(0);
        } finally {
            session.close();
        }
    });

    test('sends stdin to the command, so secrets never need a command line', async () => {
        const session = await SshSession.connect(target());
        try {
            const result = await session.exec(['sha256sum'], { stdin: 'not-on-the-command-line' });
            const expected = execFileSync('sha256sum', { input: 'not-on-the-command-line' }).toString();
            expect(result.stdout).toBe(expected);
        } finally {
            session.close();
        }
    });

    test('reports a command that outlives its timeout', async () => {
        const session = await SshSession.connect(target());
        try {
            await expectSshError(session.exec(['sleep', '5'], { timeoutMs: 300 }), 'command-timeout');
        } finally {
            session.close();
        }
    });

    test('refuses an unknown host key unless the policy accepts it, and shows its fingerprint', async () => {
        const seen: string[] = [];
        const error = await expectSshError(SshSession.connect(target({ hostKeys: policy('', false, seen) })), 'host-key-unknown');
        const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(sshd.dir, 'host_key.pub')]).toString().split(/\s+/)[1];
        expect(error.message).toContain(fingerprint);
        expect(seen).toHaveLength(1);
        const accepted = await SshSession.connect(target({ hostKeys: policy('', true, seen) }));
        accepted.close();
        // The line offered for known_hosts really records this key.
        const line = seen[1].split(' ').slice(1).join(' ');
        expect(checkHostKey(line, '127.0.0.1', sshd.port, Buffer.from(sshd.hostPublicKey.split(' ')[1], 'base64')).status).toBe('known');
    });

    test('refuses a changed host key even when unknown keys would be accepted', async () => {
        const other = readFileSync(join(sshd.dir, 'client_key.pub'), 'utf8').split(/\s+/).slice(0, 2).join(' ');
        const knownHosts = `[127.0.0.1]:${sshd.port} ${other}\n`;
        const error = await expectSshError(SshSession.connect(target({ hostKeys: policy(knownHosts, true) })), 'host-key-changed');
        expect(error.message).toMatch(/CHANGED/);
    });

    test('reports an authentication failure', async () => {
        const wrongKey = execFileSync('sh', ['-c', 'd=$(mktemp -d) && ssh-keygen -q -t ed25519 -N "" -f "$d/k" && cat "$d/k" && rm -r "$d"']).toString();
        await expectSshError(SshSession.connect(target({ privateKey: wrongKey })), 'auth-failed');
    });

    test('reports an unreachable host', async () => {
        const port = await freePort();
        await expectSshError(SshSession.connect(target({ port })), 'unreachable');
    });

    test('authenticates through ssh-agent when no key file is given; an agent without the key is refused', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'bgptopo-agent-'));
        const socket = join(dir, 'agent.sock');
        const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
        try {
            await waitFor('ssh-agent socket', () => existsSync(socket));
            const env = { ...process.env, SSH_AUTH_SOCK: socket };
            await expectSshError(SshSession.connect(target({ privateKey: undefined, agent: socket })), 'auth-failed');
            execFileSync('ssh-add', ['-q', join(sshd.dir, 'client_key')], { env, stdio: 'ignore' });
            const session = await SshSession.connect(target({ privateKey: undefined, agent: socket }));
            try {
                expect((await session.exec(['echo', 'via agent'])).stdout).toBe('via agent\n');
            } finally {
                session.close();
            }
        } finally {
            agent.kill('SIGTERM');
            rmSync(dir, { recursive: true, force: true });
        }
    });

    test('opens a passphrase-protected identity with its passphrase, and says so when it is missing or wrong', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'bgptopo-enckey-'));
        try {
            execFileSync('cp', [join(sshd.dir, 'client_key'), join(dir, 'key')]);
            execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'open sesame', '-f', join(dir, 'key')]);
            const encrypted = readFileSync(join(dir, 'key'), 'utf8');
            expect(encrypted).not.toBe(sshd.clientKey);
            const session = await SshSession.connect(target({ privateKey: encrypted, passphrase: 'open sesame' }));
            try {
                expect((await session.exec(['echo', 'unlocked'])).stdout).toBe('unlocked\n');
            } finally {
                session.close();
            }
            for (const passphrase of [undefined, 'wrong']) {
                const error = await SshSession.connect(target({ privateKey: encrypted, passphrase })).then(
                    () => undefined,
                    (e: unknown) => e as Error
                );
                expect(error, String(passphrase)).toBeInstanceOf(SshError);
                expect((error as SshError).code).toBe('identity-unreadable');
                expect(error!.message, String(passphrase)).toMatch(/private key cannot be used .*(passphrase|decrypt|encrypted).*give its passphrase, or load it into ssh-agent/i);
                expect(error!.message).not.toContain('open sesame');
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    test('reaches a host through a jump host', async () => {
        const session = await SshSession.connect(
            target({ jump: { host: '127.0.0.1', port: sshd.port, user: 'root', privateKey: sshd.clientKey } })
        );
        try {
            const result = await session.exec(['echo', 'via jump']);
            expect(result.stdout).toBe('via jump\n');
        } finally {
            session.close();
        }
    });
});

/**
 * The one SSH target builder (deploy/ssh-connector.ts) against a real OpenSSH server on loopback: which
 * user, identity and known_hosts a host gets from the file and from the shell, an unknown host key asked
 * once per key and command (also for two topology hosts behind one address), a trusted key appended hashed
 * to known_hosts with mode 0600, an encrypted key opened through the passphrase port.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostTarget } from '../../src/deploy/host-target.js';
import { createSshConnector, loginUser, type HostKeyQuestion, type SshChoices, type SshConnectorPorts } from '../../src/deploy/ssh-connector.js';
import { SshError } from '../../src/deploy/ssh-errors.js';
import { checkHostKey } from '../../src/deploy/ssh-known-hosts.js';
import type { SshEndpoint } from '../../src/model/topology-model.js';
import { startLoopbackSshd, type LoopbackSshd } from '../support/loopback-sshd.js';

let sshd: LoopbackSshd;
let dir: string;

beforeAll(async () => {
    sshd = await startLoopbackSshd();
    dir = mkdtempSync(join(tmpdir(), 'bgptopo-connector-'));
    writeFileSync(join(dir, 'client_key'), sshd.clientKey, { mode: 0o600 });
});

afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
});

function endpoint(overrides: Partial<SshEndpoint> = {}): SshEndpoint {
    return { user: 'root', host: '127.0.0.1', port: sshd.port, stated: { user: false, port: true }, ...overrides };
}

function host(name: string, ssh: SshEndpoint = endpoint()): HostTarget {
    return { name, kind: 'router', ssh };
}

interface Recorded extends SshConnectorPorts {
    readonly questions: HostKeyQuestion[];
    readonly lines: string[];
}

function ports(trust: boolean, passphrase?: string): Recorded {
    const questions: HostKeyQuestion[] = [];
    const lines: string[] = [];
    return {
        questions,
        lines,
        passphrase: async () => passphrase,
        trustHostKey: async (question) => {
            questions.push(question);
            return trust;
        },
        info: (line) => lines.push(line),
        warn: (line) => lines.push(line)
    };
}

function choices(overrides: Partial<SshChoices> = {}): SshChoices {
    return {
        identityOverride: { path: join(dir, 'client_key'), base: '/' },
        knownHostsFallback: { path: 'known_hosts', base: dir },
        topologyDir: dir,
        home: dir,
        connectTimeoutMs: 5_000,
        ...overrides
    };
}

describe('the login user', () => {
    test('the file wins when it states one (host line or defaults); else the shell fallback; else the built-in root', () => {
        const stated = host('a', endpoint({ user: 'ops', stated: { user: true, port: false } }));
        const unstated = host('b', endpoint({ user: 'root', stated: { user: false, port: false } }));
        expect(loginUser(stated, 'admin')).toBe('ops');
        expect(loginUser(unstated, 'admin')).toBe('admin');
        expect(loginUser(unstated, undefined)).toBe('root');
        // An explicit `ssh root@…` is the file's word, even when it equals the built-in default.
        expect(loginUser(host('c', endpoint({ user: 'root', stated: { user: true, port: false } })), 'admin')).toBe('root');
    });
});

describe('the SSH connector against a real sshd', () => {
    test('an unknown key refused: asked once for two hosts behind one address, known_hosts untouched', async () => {
        const knownHosts = join(dir, 'refuse', 'known_hosts');
        const recorded = ports(false);
        const connect = createSshConnector(choices({ knownHostsFallback: { path: knownHosts, base: '/' } }), recorded);
        const results = await Promise.allSettled([connect(host('r1')), connect(host('r2'))]);
        expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
        for (const result of results) {
            expect((result as PromiseRejectedResult).reason).toBeInstanceOf(SshError);
            expect(((result as PromiseRejectedResult).reason as SshError).code).toBe('host-key-unknown');
        }
        expect(recorded.questions).toHaveLength(1);
        expect(recorded.questions[0]).toMatchObject({ host: '127.0.0.1', port: sshd.port, knownHostsFile: knownHosts });
        expect(recorded.questions[0].check.fingerprint).toMatch(/^SHA256:/);
        expect(() => statSync(knownHosts)).toThrow();
    });

    test('an unknown key trusted: appended once, hashed, mode 0600; the next command does not ask', async () => {
        const folder = join(dir, 'trust');
        const knownHosts = join(folder, 'known_hosts');
        const recorded = ports(true);
        const connect = createSshConnector(choices({ knownHostsFallback: { path: knownHosts, base: '/' } }), recorded);
        const sessions = await Promise.all([connect(host('r1')), connect(host('r2'))]);
        try {
            expect((await sessions[0].exec(['id', '-u'])).stdout.trim()).toBe('0');
        } finally {
            sessions.forEach((session) => session.close());
        }
        expect(recorded.questions).toHaveLength(1);
        const text = readFileSync(knownHosts, 'utf8');
        expect(text.trim().split('\n')).toHaveLength(1);
        expect(text).toMatch(/^\|1\|/);
        expect(statSync(knownHosts).mode & 0o777).toBe(0o600);
        expect(statSync(folder).mode & 0o777).toBe(0o700);
        const keyBlob = Buffer.from(sshd.hostPublicKey.split(' ')[1], 'base64');
        expect(checkHostKey(text, '127.0.0.1', sshd.port, keyBlob).status).toBe('known');
        // OpenSSH itself finds the hashed entry.
        expect(execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', knownHosts], { encoding: 'utf8' })).toContain('found');
        expect(recorded.lines.some((line) => line.includes('added to') && line.includes(knownHosts))).toBe(true);

        const again = ports(true);
        const session = await createSshConnector(choices({ knownHostsFallback: { path: knownHosts, base: '/' } }), again)(host('r1'));
        session.close();
        expect(again.questions).toEqual([]);
    });

    test('paths the file states are relative to its folder; a run override wins over them', async () => {
        mkdirSync(join(dir, 'site', 'keys'), { recursive: true });
        writeFileSync(join(dir, 'site', 'keys', 'id'), sshd.clientKey, { mode: 0o600 });
        writeFileSync(join(dir, 'site', 'known'), sshd.knownHosts);
        const fromFile = host('r1', endpoint({ identity: 'keys/id', knownHosts: 'known' }));
        const recorded = ports(false);
        const session = await createSshConnector(choices({ identityOverride: undefined, topologyDir: join(dir, 'site') }), recorded)(fromFile);
        session.close();
        expect(recorded.questions).toEqual([]);
        // --known-hosts given for the run: the file's known_hosts is not used (this one is empty → asked).
        writeFileSync(join(dir, 'empty_known'), '');
        const override = ports(false);
        await expect(
            createSshConnector(choices({ identityOverride: undefined, topologyDir: join(dir, 'site'), knownHostsOverride: { path: 'empty_known', base: dir } }), override)(fromFile)
        ).rejects.toMatchObject({ code: 'host-key-unknown' });
        expect(override.questions).toHaveLength(1);
    });

    test('an encrypted key is opened with the passphrase the port gives; a wrong one is a clear error', async () => {
        const key = join(dir, 'encrypted');
        execFileSync('cp', [join(dir, 'client_key'), key]);
        execFileSync('ssh-keygen', ['-q', '-p', '-N', 'right horse', '-f', key]);
        writeFileSync(join(dir, 'enc_known'), sshd.knownHosts);
        const base = choices({ identityOverride: { path: key, base: '/' }, knownHostsFallback: { path: join(dir, 'enc_known'), base: '/' } });
        const session = await createSshConnector(base, ports(false, 'right horse'))(host('r1'));
        expect((await session.exec(['true'])).code).toBe(0);
        session.close();
        await expect(createSshConnector(base, ports(false, 'wrong'))(host('r1'))).rejects.toMatchObject({ code: 'identity-unreadable' });
        await expect(createSshConnector(base, ports(false, undefined))(host('r1'))).rejects.toThrow(/no passphrase given/);
    });

    test('a host without an endpoint is unreachable, named', async () => {
        await expect(createSshConnector(choices(), ports(false))({ name: 'lonely', kind: 'node' })).rejects.toMatchObject({ code: 'unreachable', message: expect.stringContaining('lonely') });
    });
});

/**
 * A real OpenSSH sshd on 127.0.0.1 for SSH-layer tests: its own host key, a client key pair and an
 * authorized_keys file in a temporary folder. Started in the foreground (-D) and stopped with the test.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoopbackSshd {
    readonly port: number;
    readonly dir: string;
    readonly clientKey: string;
    /** The `ssh-ed25519 AAAA…` public host key line. */
    readonly hostPublicKey: string;
    /** known_hosts text that trusts this server. */
    readonly knownHosts: string;
    stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
        });
    });
}

export async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 10_000, intervalMs = 50): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (await condition()) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function accepts(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = connect({ host: '127.0.0.1', port });
        socket.once('connect', () => {
            socket.destroy();
            resolve(true);
        });
        socket.once('error', () => resolve(false));
    });
}

export async function startLoopbackSshd(): Promise<LoopbackSshd> {
    const dir = mkdtempSync(join(tmpdir(), 'bgptopo-sshd-'));
    const port = await freePort();
    const keygen = (file: string): void => {
        execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    };
    keygen(join(dir, 'host_key'));
    keygen(join(dir, 'client_key'));
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
    mkdirSync('/run/sshd', { recursive: true });
    writeFileSync(
        join(dir, 'sshd_config'),
        [
            `Port ${port}`,
            'ListenAddress 127.0.0.1',
            `HostKey ${join(dir, 'host_key')}`,
            `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
            `PidFile ${join(dir, 'sshd.pid')}`,
            'PermitRootLogin prohibit-password',
            'PasswordAuthentication no',
            'KbdInteractiveAuthentication no',
            'PubkeyAuthentication yes',
            'StrictModes no',
            'UsePAM no',
            'LogLevel ERROR',
            ''
        ].join('\n')
    );
    const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
        await waitFor(`sshd on 127.0.0.1:${port}`, async () => {
            if (child.exitCode !== null) {
                throw new Error(`sshd exited: ${stderr}`);
            }
            return accepts(port);
        });
    } catch (error) {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw error;
    }
    const hostPublicKey = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    return {
        port,
        dir,
        clientKey: readFileSync(join(dir, 'client_key'), 'utf8'),
        hostPublicKey,
        knownHosts: `[127.0.0.1]:${port} ${hostPublicKey}\n`,
        async stop() {
            if (child.exitCode === null) {
                const exited = new Promise((resolve) => child.once('exit', resolve));
                child.kill('SIGTERM');
                await exited;
            }
            rmSync(dir, { recursive: true, force: true });
        }
    };
}

/**
 * SSH for the CLI: identity (`--identity`, the topology's `defaults ssh identity`, else ssh-agent, else
 * ~/.ssh/id_ed25519 or id_rsa), known_hosts (`--known-hosts`, the topology's `known-hosts`, else
 * ~/.ssh/known_hosts) and the host-key decision: an unknown key is refused, with its fingerprint, unless
 * `--accept-new` is given; then it is appended to known_hosts. A changed key is always refused.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { ModelHost, TopologyModel } from '../model/topology-model.js';
import { SshSession, type HostKeyPolicy } from '../deploy/ssh-session.js';
import { CliInputError, type CliInvocation, type CliIo, type CliOption } from './cli-command.js';

export const SSH_OPTIONS: Readonly<Record<string, CliOption>> = {
    identity: { type: 'string', short: 'i', valueName: 'FILE', description: 'SSH private key (else the topology default, ssh-agent, ~/.ssh/id_ed25519)' },
    'known-hosts': { type: 'string', valueName: 'FILE', description: 'known_hosts file (else the topology default, ~/.ssh/known_hosts)' },
    'accept-new': { type: 'boolean', description: 'Accept and record unknown host keys (their fingerprints are printed); changed keys are always refused' },
    user: { type: 'string', valueName: 'USER', description: 'SSH user for hosts without one in the topology' },
    'connect-timeout': { type: 'string', valueName: 'SECONDS', description: 'SSH connect timeout (default 10)' }
};

export interface SshSetup {
    readonly connect: (host: ModelHost) => Promise<SshSession>;
    readonly knownHostsPath: string;
}

export function sshSetup(model: TopologyModel, invocation: CliInvocation, io: CliIo, env: NodeJS.ProcessEnv = process.env): SshSetup {
    const values = invocation.values;
    const home = env.HOME ?? homedir();
    const expand = (path: string): string => resolve(invocation.cwd, path.startsWith('~/') ? `${home}/${path.slice(2)}` : path);
    const knownHostsPath = expand(typeof values['known-hosts'] === 'string' ? values['known-hosts'] : (model.defaults.knownHosts ?? '~/.ssh/known_hosts'));
    const identityPath =
        typeof values.identity === 'string'
            ? expand(values.identity)
            : model.defaults.identity
              ? expand(model.defaults.identity)
              : env.SSH_AUTH_SOCK
                ? undefined
                : ['~/.ssh/id_ed25519', '~/.ssh/id_rsa'].map(expand).find((path) => existsSync(path));
    let privateKey: Buffer | undefined;
    try {
        privateKey = identityPath ? readFileSync(identityPath) : undefined;
    } catch (error) {
        throw new CliInputError('the SSH identity', identityPath!, error);
    }
    const acceptNew = values['accept-new'] === true;
    const timeout = Number(values['connect-timeout'] ?? 10);
    const hostKeys: HostKeyPolicy = {
        knownHosts: () => (existsSync(knownHostsPath) ? readFileSync(knownHostsPath, 'utf8') : ''),
        onUnknownKey: async (host, port, check, line) => {
            io.stderr(`${host}:${port}: unknown host key ${check.keyType} ${check.fingerprint}\n`);
            if (!acceptNew) {
                return false;
            }
            mkdirSync(dirname(knownHostsPath), { recursive: true, mode: 0o700 });
            appendFileSync(knownHostsPath, `${line}\n`, { mode: 0o600 });
            io.stderr(`  accepted (--accept-new) and added to ${knownHostsPath}\n`);
            return true;
        }
    };
    return {
        knownHostsPath,
        connect: async (host) => {
            if (!host.ssh) {
                throw new Error(`${host.name}: no SSH address (give it an address or an ssh line)`);
            }
            const user = typeof values.user === 'string' && host.ssh.user === model.defaults.sshUser ? values.user : host.ssh.user;
            return SshSession.connect({
                host: host.ssh.host,
                port: host.ssh.port,
                user,
                privateKey,
                passphrase: env.BGPTOPO_SSH_PASSPHRASE,
                agent: env.SSH_AUTH_SOCK,
                connectTimeoutMs: (Number.isFinite(timeout) && timeout > 0 ? timeout : 10) * 1000,
                jump: host.ssh.jump ? { ...host.ssh.jump, privateKey, passphrase: env.BGPTOPO_SSH_PASSPHRASE, agent: env.SSH_AUTH_SOCK } : undefined,
                hostKeys
            });
        }
    };
}

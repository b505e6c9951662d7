/**
 * The CLI's side of SSH and of the workflows' ports: `--identity`, `--known-hosts` (named for this run:
 * they win over the topology), `--user` (for hosts whose topology names none), `--connect-timeout`; the
 * passphrase from BGPTOPO_SSH_PASSPHRASE; an unknown host key printed with its fingerprint and accepted
 * only with `--accept-new`. The rules themselves are the deploy layer's (deploy/ssh-connector.ts).
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { HostConnect } from '../deploy/host-target.js';
import { createSshConnector, expandPath, type ShellPath } from '../deploy/ssh-connector.js';
import { directStage, type WorkflowProgress } from '../deploy/workflow-ports.js';
import { CliInputError, type CliInvocation, type CliIo, type CliOption } from './cli-command.js';

export const SSH_OPTIONS: Readonly<Record<string, CliOption>> = {
    identity: { type: 'string', short: 'i', valueName: 'FILE', description: 'SSH private key (else the topology default, ssh-agent, ~/.ssh/id_ed25519)' },
    'known-hosts': { type: 'string', valueName: 'FILE', description: 'known_hosts file (else the topology default, ~/.ssh/known_hosts)' },
    'accept-new': { type: 'boolean', description: 'Accept and record unknown host keys (their fingerprints are printed); changed keys are always refused' },
    user: { type: 'string', valueName: 'USER', description: 'SSH user for hosts without one in the topology' },
    'connect-timeout': { type: 'string', valueName: 'SECONDS', description: 'SSH connect timeout (default 10)' }
};

/** Sessions for the hosts of the topology at `topologyPath`; each call opens a new one. */
export function cliConnector(invocation: CliInvocation, io: CliIo, topologyPath: string, env: NodeJS.ProcessEnv = process.env): HostConnect {
    const values = invocation.values;
    const home = env.HOME ?? homedir();
    const given = (value: unknown): ShellPath | undefined => (typeof value === 'string' ? { path: value, base: invocation.cwd } : undefined);
    const identityOverride = given(values.identity);
    if (identityOverride) {
        const path = expandPath(identityOverride, home);
        try {
            accessSync(path, constants.R_OK);
        } catch (error) {
            throw new CliInputError('the SSH identity', path, error);
        }
    }
    const timeout = Number(values['connect-timeout'] ?? 10);
    const acceptNew = values['accept-new'] === true;
    return createSshConnector(
        {
            fallbackUser: typeof values.user === 'string' ? values.user : undefined,
            identityOverride,
            knownHostsOverride: given(values['known-hosts']),
            // Without an identity anywhere: ssh-agent, else the usual key files.
            identityFallback: env.SSH_AUTH_SOCK
                ? undefined
                : ['~/.ssh/id_ed25519', '~/.ssh/id_rsa'].map((path) => ({ path, base: home })).find((entry) => existsSync(expandPath(entry, home))),
            knownHostsFallback: { path: '~/.ssh/known_hosts', base: home },
            topologyDir: dirname(resolve(invocation.cwd, topologyPath)),
            home,
            agent: env.SSH_AUTH_SOCK,
            connectTimeoutMs: (Number.isFinite(timeout) && timeout > 0 ? timeout : 10) * 1000
        },
        {
            passphrase: async () => env.BGPTOPO_SSH_PASSPHRASE,
            trustHostKey: async ({ host, port, check }) => {
                io.stderr(`${host}:${port}: unknown host key ${check.keyType} ${check.fingerprint}\n`);
                return acceptNew;
            },
            info: (line) => io.stderr(`  ${line}${acceptNew ? ' (--accept-new)' : ''}\n`),
            warn: () => undefined
        }
    );
}

/** Progress on stderr: the CLI runs each stage at once and cannot be cancelled but by a signal. */
export function cliProgress(io: CliIo): WorkflowProgress {
    return {
        stage: directStage,
        info: (line) => io.stderr(`${line}\n`),
        warn: (line) => io.stderr(`${line}\n`)
    };
}

/**
 * What a workflow needs to know about a host to reach it, as plain data: its name, kind and SSH endpoint
 * as the file states it. Built from the model where the document is parsed (the language server, the CLI),
 * sent as JSON, and turned into an SSH connection by the shell's connector (ssh-connector.ts).
 */
import type { HostKind, ModelHost, SshEndpoint } from '../model/topology-model.js';
import type { SshSession } from './ssh-session.js';

export interface HostTarget {
    readonly name: string;
    readonly kind: HostKind;
    /** Undefined when the host has no address and no `ssh` line. */
    readonly ssh?: SshEndpoint;
}

/** Opens an SSH session to a host; the workflow that calls it owns (and closes) what it returns. */
export type HostConnect = (host: HostTarget) => Promise<SshSession>;

export function hostTarget(host: ModelHost): HostTarget {
    return host.ssh ? { name: host.name, kind: host.kind, ssh: host.ssh } : { name: host.name, kind: host.kind };
}

/** Targets by name, for the workflows' lookups. */
export function targetsByName(hosts: readonly HostTarget[]): Map<string, HostTarget> {
    return new Map(hosts.map((host) => [host.name, host]));
}

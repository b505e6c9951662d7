/**
 * The program that applies one host's files atomically: the fixed text of src/deploy/host/deploy-apply.sh
 * (see its header for what it does) after a generated data section, in which every value is quoted or
 * checked. The receiving side is deploy-receive.sh.
 */
import applyBody from './host/deploy-apply.sh?raw';
import receiveBody from './host/deploy-receive.sh?raw';
import { exitCodeConstants } from './deploy-host-events.js';
import { shellQuote } from './shell-quote.js';
import type { CheckKind, ServiceName } from './deploy-file-kinds.js';

export interface ApplyEntry {
    /** File name of the content inside the staging folder. */
    readonly staged: string;
    readonly target: string;
    readonly owner: string;
    readonly mode: string;
    readonly check: CheckKind;
    readonly service: ServiceName;
    /** The file changes (unchanged files are not moved, but still count for the health check). */
    readonly changed: boolean;
    /** sha256 of what the plan read on the host (`absent` when there was no file). */
    readonly expect: string;
    /** sha256 of the new content (checked on the host after it was unpacked). */
    readonly sha256: string;
}

export interface ApplyScriptInput {
    readonly stageDir: string;
    readonly backupDir: string;
    readonly lockDir: string;
    /** Where the host keeps bgptopo's state (the record of installed files). */
    readonly stateDir: string;
    /** Who holds the lock (shown to a second deploy). */
    readonly owner: string;
    readonly entries: readonly ApplyEntry[];
    /** Seconds to wait for a service to become healthy after a reload. */
    readonly healthTimeoutSeconds: number;
    /** Services to restart instead of reload (the plan says so before the confirmation). */
    readonly restart: readonly ServiceName[];
    /** Addresses of the BGP sessions the sessions table expects on this host (routers). */
    readonly sessions: readonly string[];
    /** Where things live on the host (default {@link HOST_PATHS}; tests point them into a temporary root). */
    readonly paths?: Partial<HostPaths>;
}

/** Where the services' files and tools live on a Debian host. */
export const HOST_PATHS = {
    FRR_CONF: '/etc/frr/frr.conf',
    FRR_RELOAD: '/usr/lib/frr/frr-reload.py',
    FRR_INIT: '/usr/lib/frr/frrinit.sh',
    KEEPALIVED_CONF: '/etc/keepalived/keepalived.conf',
    KEEPALIVED_PID: '/run/keepalived.pid',
    KEEPALIVED_DATA: '/tmp/keepalived.data',
    HAPROXY_CFG: '/etc/haproxy/haproxy.cfg',
    HAPROXY_PID: '/run/haproxy.pid',
    SYSTEMD_DIR: '/run/systemd/system'
};

export type HostPaths = typeof HOST_PATHS;

/** The data section alone (the bundle puts the payload between it and the body). */
export function applyScriptData(input: ApplyScriptInput): string {
    const checked = (value: string): string => {
        if (/[\s"'\\]/.test(value) || value === '') {
            throw new Error(`unsafe value in apply entry: ${JSON.stringify(value)}`);
        }
        return value;
    };
    return [
        '#!/bin/sh',
        '# shellcheck disable=SC2034 # the EXIT_* table is shared by both host programs: each uses some of it',
        '# bgptopo apply program: generated data, then src/deploy/host/deploy-apply.sh',
        'set -u',
        exitCodeConstants(),
        `STAGE=${shellQuote(input.stageDir)}`,
        `BACKUP=${shellQuote(input.backupDir)}`,
        `LOCK=${shellQuote(input.lockDir)}`,
        `STATE=${shellQuote(input.stateDir)}`,
        `OWNER=${shellQuote(input.owner)}`,
        `HEALTH_TIMEOUT=${Math.max(1, Math.round(input.healthTimeoutSeconds))}`,
        `RESTART=${shellQuote(input.restart.map(checked).join(' '))}`,
        `SESSIONS=${shellQuote(input.sessions.map((address) => checked(address)).join(' '))}`,
        ...Object.entries({ ...HOST_PATHS, ...input.paths }).map(([name, path]) => `${name}=${shellQuote(path)}`),
        'ENTRIES=$(cat <<"BGPTOPO_ENTRIES"',
        ...input.entries.map((entry) =>
            [entry.staged, entry.target, entry.owner, entry.mode, entry.check, entry.service, entry.changed ? 'changed' : 'same', entry.expect, entry.sha256]
                .map(checked)
                .join(' ')
        ),
        'BGPTOPO_ENTRIES',
        ')'
    ].join('\n');
}

/** The apply body (fixed text). */
export const APPLY_BODY: string = applyBody;

export function applyScript(input: ApplyScriptInput): string {
    return `${applyScriptData(input)}\n${APPLY_BODY}`;
}

/** The receiving program, with its exit codes, for `sh -c`. */
export function receiveScript(): string {
    return `${exitCodeConstants()}\n${receiveBody}`;
}

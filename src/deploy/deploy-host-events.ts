/**
 * The one table of what the host-side programs (src/deploy/host/*.sh) print and how they exit, shared by
 * those programs and their parser (deploy-host.ts). The exit codes reach the shell as `EXIT_*` constants
 * generated from this table ({@link exitCodeConstants}); test/deploy/deploy-host-script.test.ts checks that
 * every event the scripts emit is listed here and every event listed is emitted.
 */

/** Exit codes of deploy-receive.sh and deploy-apply.sh. */
export const HOST_EXIT = {
    OK: 0,
    CHECK_FAILED: 1,
    ROLLED_BACK: 2,
    CHECKSUM: 3,
    ROLLBACK_INCOMPLETE: 4,
    UPLOAD_FAILED: 5,
    DRIFT: 6,
    FAILED: 7,
    LOCKED: 75
} as const;

export type HostExitName = keyof typeof HOST_EXIT;

/** `BGPTOPO <event> …` lines, with what follows the name. */
export const HOST_EVENTS = {
    RUN: 'the staging folder of this run (first line of the host log)',
    'UPLOAD-FAILED': 'the bundle or the log could not be written (first error line); nothing was run',
    'CHECKSUM-MISMATCH': 'the bundle, or the listed staged files, did not arrive intact; nothing was changed',
    LOCKED: 'who holds the lock; nothing was changed',
    'STALE-LOCK-BROKEN': 'the owner of a lock whose process was gone',
    DRIFT: 'target, sha256 the plan read, sha256 on the host now: the host changed since the plan',
    'CHECK-FAILED': "target and reason: the host's checker rejected a new file",
    CHECKED: 'target: the new file passed its check',
    FAILED: 'step and reason (e.g. the backup could not be made)',
    BACKUP: 'the backup folder of this run',
    'INSTALL-FAILED': 'target that could not be moved into place',
    INSTALLED: 'target moved into place',
    RESTARTING: 'service restarted instead of reloaded (the plan said so)',
    'RELOAD-FAILED': 'service whose reload command failed',
    'SESSION-DOWN': 'address state/peerState of a BGP session that was up before the deploy and stayed down',
    'VRRP-DOWN': 'VRRP instance that was MASTER or BACKUP before and is not, with its state',
    'BACKEND-DOWN': 'HAProxy backend that had a server UP before and has none',
    UNHEALTHY: 'service that did not become healthy within the bound',
    RELOADED: 'service reloaded and healthy',
    'ROLLING-BACK': 'the step that failed',
    RESTORED: 'target restored from the backup',
    'ROLLBACK-FAILED': 'service that did not come back healthy after the rollback',
    'ROLLED-BACK': 'the backup folder: every file restored, every service healthy',
    'ROLLBACK-INCOMPLETE': 'the backup folder: files restored, a service unhealthy',
    'RECORD-FAILED': 'where the record of installed files could not be written (drift cannot be told next time)',
    DONE: 'every file installed, every service healthy',
    EXIT: 'the exit code: always the last line of a run'
} as const;

export type HostEventName = keyof typeof HOST_EVENTS;

/** `EXIT_<NAME>=<code>` lines for the top of a host-side program. */
export function exitCodeConstants(): string {
    return Object.entries(HOST_EXIT)
        .map(([name, code]) => `EXIT_${name}=${code}`)
        .join('\n');
}

export interface HostEvent {
    readonly name: HostEventName;
    /** What follows the name. */
    readonly text: string;
}

/** The events of a host log (other lines, such as `  | ` checker output, are skipped). */
export function parseHostEvents(lines: readonly string[]): HostEvent[] {
    const events: HostEvent[] = [];
    for (const line of lines) {
        const match = /^BGPTOPO ([A-Z-]+)(?: (.*))?$/.exec(line);
        if (match && match[1] in HOST_EVENTS) {
            events.push({ name: match[1] as HostEventName, text: match[2] ?? '' });
        }
    }
    return events;
}

/** The exit code a run reported as its last event, if it finished. */
export function reportedExit(lines: readonly string[]): number | undefined {
    const last = parseHostEvents(lines).filter((event) => event.name === 'EXIT').pop();
    return last === undefined ? undefined : Number(last.text);
}

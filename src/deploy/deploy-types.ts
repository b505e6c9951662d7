/** Types shared by plan, apply and the orchestration of a deploy. */
import type { DeployFile } from './deploy-file-kinds.js';
import type { PlannedRestart } from './deploy-restart.js';

export type FileChange = 'create' | 'update' | 'unchanged';

export interface FilePlan {
    readonly file: DeployFile;
    readonly change: FileChange;
    /** The file's current content on the host (undefined when absent). */
    readonly current?: string;
    /** Unified diff current → new; empty when unchanged. */
    readonly diff: string;
    /**
     * sha256 of the content the plan read on the host (`absent` when there was none): apply replaces the
     * file only if the host still holds exactly this (the pinned plan, checked on the host inside the lock).
     */
    readonly currentSha: string;
    /**
     * The host file differs from what bgptopo last installed there (a hand edit; the host records a
     * checksum per installed file, never a copy). `diff` (current → new) then shows what the deploy would
     * undo. Applying over it needs `overwriteDrift`.
     */
    readonly drift?: { readonly installedSha: string };
}

export interface HostPlan {
    readonly host: string;
    readonly files: FilePlan[];
    /** Services restarted instead of reloaded, and why (shown before the confirmation). */
    readonly restarts: PlannedRestart[];
    /** Addresses of the BGP sessions the sessions table expects on this host (its health check waits for them). */
    readonly sessions: string[];
}

export type HostOutcome =
    | 'unchanged'
    | 'applied'
    | 'check-failed'
    | 'rolled-back'
    /** The rollback itself failed: the files are restored but a service did not come back healthy. */
    | 'rollback-failed'
    | 'locked'
    /** The host changed since the plan, or holds drift the deploy was not allowed to overwrite: nothing changed. */
    | 'drift'
    | 'unreachable'
    /** Host key unknown, changed or revoked, or authentication failed: refused before anything ran. */
    | 'refused'
    | 'connection-lost'
    | 'failed'
    | 'skipped';

export interface HostDeployResult {
    readonly host: string;
    readonly outcome: HostOutcome;
    readonly message: string;
    /** The `BGPTOPO …` event lines and checker output the host printed. */
    readonly log: string[];
    /** Where the previous files were backed up on the host. */
    readonly backupDir?: string;
    readonly durationMs: number;
}

/** Progress and cancellation, provided by the CLI or the editor. */
export interface DeployReporter {
    info(message: string): void;
    hostStarted?(host: string): void;
    hostFinished?(result: HostDeployResult): void;
    readonly cancelled?: () => boolean;
}

/** Types shared by plan, apply and the orchestration of a deploy. */
import type { DeployFile } from './deploy-file-kinds.js';

export type FileChange = 'create' | 'update' | 'unchanged';

export interface FilePlan {
    readonly file: DeployFile;
    readonly change: FileChange;
    /** The file's current content on the host (undefined when absent). */
    readonly current?: string;
    /** Unified diff current → new; empty when unchanged. */
    readonly diff: string;
}

export interface HostPlan {
    readonly host: string;
    readonly files: FilePlan[];
}

export type HostOutcome =
    | 'unchanged'
    | 'applied'
    | 'check-failed'
    | 'rolled-back'
    /** The rollback itself failed: the files are restored but a service did not come back healthy. */
    | 'rollback-failed'
    | 'locked'
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

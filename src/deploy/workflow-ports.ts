/**
 * The small interfaces the workflows (deploy, verify, failover-test) are parameterised by: what only a
 * shell can do. The CLI implements them with the terminal, the editor with notifications, dialogs and its
 * secret storage; the SSH side is the connector (ssh-connector.ts) with its own ports.
 */

/** Inside one stage of a job. */
export interface StageReport {
    /** What the stage is doing now (the editor's notification text). */
    message(text: string): void;
    /** The person asked to stop. */
    cancelled(): boolean;
    /** Stop waiting for `work` when the person cancels (the shell's cancellation error is thrown). */
    race<T>(work: Promise<T>): Promise<T>;
}

export interface WorkflowProgress {
    /** One stage of the job (planning, deploying); the editor shows a cancellable notification for it. */
    stage<T>(title: string, work: (report: StageReport) => Promise<T>): Promise<T>;
    info(line: string): void;
    warn(line: string): void;
}

/** The values of the `password secret "NAME"`s; `missing` names the ones the store does not have. */
export interface SecretSource {
    resolve(names: readonly string[]): Promise<{ readonly values: ReadonlyMap<string, string>; readonly missing: readonly string[] }>;
}

/** A stage that runs at once, for shells without notifications (the CLI) and for tests. */
export function directStage<T>(_title: string, work: (report: StageReport) => Promise<T>): Promise<T> {
    return work({ message: () => undefined, cancelled: () => false, race: (promise) => promise });
}

/** A secret source over a lookup by name (the CLI's environment and file, the editor's secret storage). */
export function secretSource(lookup: (name: string) => string | undefined | PromiseLike<string | undefined>): SecretSource {
    return {
        resolve: async (names) => {
            const values = new Map<string, string>();
            const missing: string[] = [];
            for (const name of names) {
                const value = await lookup(name);
                if (value === undefined) {
                    missing.push(name);
                } else {
                    values.set(name, value);
                }
            }
            return { values, missing };
        }
    };
}

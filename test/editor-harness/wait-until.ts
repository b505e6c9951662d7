/** Bounded polling: the harness never sleeps for a fixed time, it waits on a condition with a deadline. */

export class WaitTimeoutError extends Error {
    constructor(what: string, timeoutMs: number, detail?: string) {
        super(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `: ${detail}` : ''}`);
        this.name = 'WaitTimeoutError';
    }
}

export interface WaitOptions {
    timeoutMs: number;
    intervalMs?: number;
    /** Called on every poll; throwing aborts the wait (e.g. "the process died"). */
    abortIf?: () => void;
}

/**
 * Polls `probe` until it returns a value other than `undefined`/`false`, or the deadline passes.
 * Errors thrown by `probe` count as "not yet" (the last one is reported on timeout).
 */
export async function waitUntil<T>(
    what: string,
    probe: () => Promise<T | undefined | false> | T | undefined | false,
    options: WaitOptions
): Promise<T> {
    const deadline = Date.now() + options.timeoutMs;
    const intervalMs = options.intervalMs ?? 100;
    let lastError: unknown;
    for (;;) {
        options.abortIf?.();
        try {
            const value = await probe();
            if (value !== undefined && value !== false) {
                return value;
            }
        } catch (error) {
            lastError = error;
        }
        if (Date.now() >= deadline) {
            const detail = lastError instanceof Error ? lastError.message : undefined;
            throw new WaitTimeoutError(what, options.timeoutMs, detail);
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
}

/** Bounded waiting for the CLI and protocol tests: a condition with a deadline, never a fixed sleep. */
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
    readonly timeoutMs: number;
    /** What is awaited, for the timeout message. */
    readonly what: string;
    readonly intervalMs?: number;
}

/** Re-checks `condition` every `intervalMs` until it holds; throws when `timeoutMs` passes first. */
export async function waitUntil(condition: () => boolean, options: WaitOptions): Promise<void> {
    const deadline = Date.now() + options.timeoutMs;
    while (!condition()) {
        if (Date.now() >= deadline) {
            throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
        }
        await delay(options.intervalMs ?? 50);
    }
}

/** `promise`, or a rejection naming `what` once `timeoutMs` passes. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    });
    try {
        return await Promise.race([promise, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

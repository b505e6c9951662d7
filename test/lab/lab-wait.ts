/**
 * Bounded condition polling. Every wait in the lab goes through `waitFor` so that a hang becomes a clear
 * error naming what was awaited, never a fixed sleep.
 */

export interface WaitOptions {
  /** Upper bound for the whole wait. */
  timeoutMs: number;
  /** Pause between two evaluations of the condition (default 50 ms). */
  intervalMs?: number;
  /** Human-readable description used in the timeout error, e.g. "sshd on r1 accepting on 10.77.0.1:22". */
  what: string;
}

export class LabTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastError?: unknown,
  ) {
    const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : lastError !== undefined ? `; last error: ${String(lastError)}` : '';
    super(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    this.name = 'LabTimeoutError';
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Evaluates `condition` until it returns a value other than `false`, `undefined` or `null` and returns that
 * value. Exceptions thrown by the condition count as "not yet" and the last one is reported on timeout.
 */
export async function waitFor<T>(
  condition: () => T | false | undefined | null | Promise<T | false | undefined | null>,
  options: WaitOptions,
): Promise<T> {
  const interval = options.intervalMs ?? 50;
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== false && value !== undefined && value !== null) return value;
    } catch (error) {
      lastError = error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new LabTimeoutError(options.what, options.timeoutMs, lastError);
    await pause(Math.min(interval, remaining));
  }
}

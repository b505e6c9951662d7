/** Durations as written in .bgptopo (`300ms`, `5s`, `1m`, `1h`), in milliseconds. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number | undefined {
    const match = /^([0-9]+)(ms|s|m|h)$/.exec(text);
    return match ? Number(match[1]) * UNIT_MS[match[2]] : undefined;
}

/** Whole seconds, rounded up (configs such as FRR timers and keepalived intervals take seconds). */
export function durationSeconds(ms: number): number {
    return Math.ceil(ms / 1000);
}

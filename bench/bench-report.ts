/**
 * The shape every `bench/*-bench.ts` returns from its default-exported async function, and small statistics
 * helpers. `bench/run-all.mjs` prints the figures as a table and writes the whole report to
 * `bench/output/<name>.json`.
 */

export interface BenchFigure {
    /** What was measured, e.g. "full build, 1,000 nodes (median of 7)". */
    readonly name: string;
    readonly value: number;
    /** "ms", "MB", "x", "count"... */
    readonly unit: string;
    /** The target the figure is held to, if any: `value <= max` passes. */
    readonly max?: number;
    /** Anything a reader needs to interpret the figure (spread, what dominates it). */
    readonly note?: string;
}

export interface BenchReport {
    readonly title: string;
    readonly figures: BenchFigure[];
    /** Free-form findings, printed after the table (e.g. where the time goes). */
    readonly findings?: string[];
    /** Raw measurements, kept in the JSON output only. */
    readonly details?: Record<string, unknown>;
}

export function median(values: readonly number[]): number {
    return quantile(values, 0.5);
}

export function p95(values: readonly number[]): number {
    return quantile(values, 0.95);
}

/** Linear-interpolated quantile of the values (q in [0, 1]). */
export function quantile(values: readonly number[], q: number): number {
    if (values.length === 0) {
        return Number.NaN;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const position = (sorted.length - 1) * q;
    const low = Math.floor(position);
    const high = Math.ceil(position);
    return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export function round(value: number, digits = 1): number {
    const factor = 10 ** digits;
    return Math.round(value * factor) / factor;
}

export const MB = 1024 * 1024;

/**
 * Prefix algorithms over the declared networks, for lowering and validation: the most specific network
 * containing an address in O(distinct prefix lengths) ({@link PrefixIndex}), and the prefixes nested in
 * one another in O(n log n) ({@link sweepNested}), so a topology with thousands of hosts stays fast.
 */
import { netmask, networkAddress, prefixCovers, type IpAddress, type IpPrefix } from './ip-address.js';

export class PrefixIndex<T> {
    /** family → prefix length (longest first) → network address → item (the first declared wins). */
    private readonly byLength = new Map<number, Array<{ length: number; items: Map<bigint, T> }>>();

    constructor(entries: Iterable<{ prefix: IpPrefix; item: T }>) {
        const grouped = new Map<number, Map<number, Map<bigint, T>>>();
        for (const { prefix, item } of entries) {
            let lengths = grouped.get(prefix.family);
            if (!lengths) {
                lengths = new Map();
                grouped.set(prefix.family, lengths);
            }
            let items = lengths.get(prefix.length);
            if (!items) {
                items = new Map();
                lengths.set(prefix.length, items);
            }
            const key = networkAddress(prefix);
            if (!items.has(key)) {
                items.set(key, item);
            }
        }
        for (const [family, lengths] of grouped) {
            const sorted = [...lengths.entries()].sort((a, b) => b[0] - a[0]).map(([length, items]) => ({ length, items }));
            this.byLength.set(family, sorted);
        }
    }

    /** The item of the longest prefix containing the address. */
    mostSpecific(address: IpAddress, accept: (item: T) => boolean = () => true): T | undefined {
        for (const { length, items } of this.byLength.get(address.family) ?? []) {
            const item = items.get(address.value & netmask(address.family, length));
            if (item !== undefined && accept(item)) {
                return item;
            }
        }
        return undefined;
    }
}

/** The prefixes enclosing the one being visited by {@link sweepNested}. */
export interface Enclosing<T> {
    /** The innermost (most specific) enclosing entry. */
    innermost(): T;
    /** The innermost enclosing entry whose key (see `keyOf`) is one of `keys`, if any. */
    innermostWith(keys: Iterable<string>): T | undefined;
}

interface StackLevel<T> {
    readonly prefix: IpPrefix;
    readonly item: T;
    /** Key → depth of the innermost level at or above this one with that key. */
    readonly nearest: ReadonlyMap<string, number>;
}

/**
 * Sort prefixes (laminar: any two are nested or disjoint) by start then by size, sweep with a stack of the
 * prefixes enclosing the current one, and call `onNested` for each prefix that has an enclosing one. Each
 * stack level remembers, per key, the innermost level with that key, so a lookup never walks the stack:
 * O(n log n + n·k) for k distinct keys, even when thousands of prefixes are nested (or identical).
 * Identical prefixes count as nested, the later-sorted (later declared) inside the earlier.
 */
export function sweepNested<T>(
    entries: Array<{ prefix: IpPrefix; item: T }>,
    onNested: (inner: T, enclosing: Enclosing<T>) => void,
    keyOf: (item: T) => string = () => ''
): void {
    const sorted = [...entries].sort((a, b) => {
        if (a.prefix.family !== b.prefix.family) {
            return a.prefix.family - b.prefix.family;
        }
        const start = networkAddress(a.prefix) - networkAddress(b.prefix);
        return start !== 0n ? (start < 0n ? -1 : 1) : a.prefix.length - b.prefix.length;
    });
    const stack: Array<StackLevel<T>> = [];
    const enclosing: Enclosing<T> = {
        innermost: () => stack[stack.length - 1].item,
        innermostWith: (keys) => {
            const top = stack[stack.length - 1];
            let best = -1;
            for (const key of keys) {
                best = Math.max(best, top.nearest.get(key) ?? -1);
            }
            return best >= 0 ? stack[best].item : undefined;
        }
    };
    for (const entry of sorted) {
        while (stack.length > 0 && !prefixCovers(stack[stack.length - 1].prefix, entry.prefix)) {
            stack.pop();
        }
        if (stack.length > 0) {
            onNested(entry.item, enclosing);
        }
        const nearest = new Map(stack.length > 0 ? stack[stack.length - 1].nearest : undefined);
        nearest.set(keyOf(entry.item), stack.length);
        stack.push({ prefix: entry.prefix, item: entry.item, nearest });
    }
}

/**
 * Finds the most specific declared network containing an address in O(distinct prefix lengths), so that
 * lowering a topology with thousands of hosts stays linear in the number of addresses.
 */
import { netmask, networkAddress, type IpAddress, type IpPrefix } from './ip-address.js';

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

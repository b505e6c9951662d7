/**
 * IPv4 and IPv6 addresses and prefixes as integers (bigint), so that containment, overlap and
 * first/last-address questions are plain arithmetic. Parsing is strict: anything that is not a valid
 * literal yields `undefined`, and the validators turn that into a located diagnostic.
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
    readonly family: IpFamily;
    readonly value: bigint;
    /** The canonical text (IPv6 compressed per RFC 5952). */
    readonly text: string;
}

export interface IpPrefix {
    readonly family: IpFamily;
    /** The address as written (host bits may be set: see {@link hasHostBits}). */
    readonly address: bigint;
    readonly length: number;
    /** Canonical text of the network: network address + length. */
    readonly text: string;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

export function familyBits(family: IpFamily): number {
    return BITS[family];
}

export function parseIpv4(text: string): bigint | undefined {
    const parts = text.split('.');
    if (parts.length !== 4) {
        return undefined;
    }
    let value = 0n;
    for (const part of parts) {
        if (!/^[0-9]{1,3}$/.test(part) || (part.length > 1 && part.startsWith('0'))) {
            return undefined;
        }
        const n = Number(part);
        if (n > 255) {
            return undefined;
        }
        value = (value << 8n) | BigInt(n);
    }
    return value;
}

export function parseIpv6(text: string): bigint | undefined {
    let head = text;
    let v4tail: bigint | undefined;
    const lastColon = text.lastIndexOf(':');
    if (text.includes('.', lastColon)) {
        v4tail = parseIpv4(text.slice(lastColon + 1));
        if (v4tail === undefined) {
            return undefined;
        }
        head = text.slice(0, lastColon + 1) + '0:0';
    }
    const doubleColon = head.indexOf('::');
    if (doubleColon !== head.lastIndexOf('::')) {
        return undefined;
    }
    let groups: string[];
    if (doubleColon >= 0) {
        const left = head.slice(0, doubleColon);
        const right = head.slice(doubleColon + 2);
        const leftGroups = left === '' ? [] : left.split(':');
        const rightGroups = right === '' ? [] : right.split(':');
        const missing = 8 - leftGroups.length - rightGroups.length;
        if (missing < 1) {
            return undefined;
        }
        groups = [...leftGroups, ...Array<string>(missing).fill('0'), ...rightGroups];
    } else {
        groups = head.split(':');
    }
    if (groups.length !== 8) {
        return undefined;
    }
    let value = 0n;
    for (const group of groups) {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) {
            return undefined;
        }
        value = (value << 16n) | BigInt(parseInt(group, 16));
    }
    if (v4tail !== undefined) {
        value = (value & ~0xffffffffn) | v4tail;
    }
    return value;
}

export function formatIpv4(value: bigint): string {
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 255n).toString()).join('.');
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run of two or more zero groups as `::`. */
export function formatIpv6(value: bigint): string {
    const groups: number[] = [];
    for (let i = 7; i >= 0; i--) {
        groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
    }
    let bestStart = -1;
    let bestLength = 1;
    for (let i = 0; i < 8; ) {
        if (groups[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === 0) {
            j++;
        }
        if (j - i > bestLength) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart < 0) {
        return hex.join(':');
    }
    return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatAddress(family: IpFamily, value: bigint): string {
    return family === 4 ? formatIpv4(value) : formatIpv6(value);
}

export function parseAddress(text: string): IpAddress | undefined {
    const family: IpFamily = text.includes(':') ? 6 : 4;
    const value = family === 4 ? parseIpv4(text) : parseIpv6(text);
    return value === undefined ? undefined : { family, value, text: formatAddress(family, value) };
}

export function parsePrefix(text: string): IpPrefix | undefined {
    const slash = text.lastIndexOf('/');
    if (slash < 0) {
        return undefined;
    }
    const address = parseAddress(text.slice(0, slash));
    const lengthText = text.slice(slash + 1);
    if (!address || !/^[0-9]{1,3}$/.test(lengthText)) {
        return undefined;
    }
    const length = Number(lengthText);
    if (length > BITS[address.family]) {
        return undefined;
    }
    const network = address.value & netmask(address.family, length);
    return {
        family: address.family,
        address: address.value,
        length,
        text: `${formatAddress(address.family, network)}/${length}`
    };
}

export function netmask(family: IpFamily, length: number): bigint {
    const bits = BigInt(BITS[family]);
    const all = (1n << bits) - 1n;
    return (all << (bits - BigInt(length))) & all;
}

export function networkAddress(prefix: IpPrefix): bigint {
    return prefix.address & netmask(prefix.family, prefix.length);
}

export function lastAddress(prefix: IpPrefix): bigint {
    return networkAddress(prefix) | (~netmask(prefix.family, prefix.length) & ((1n << BigInt(BITS[prefix.family])) - 1n));
}

export function hasHostBits(prefix: IpPrefix): boolean {
    return prefix.address !== networkAddress(prefix);
}

export function prefixSize(prefix: IpPrefix): bigint {
    return 1n << BigInt(BITS[prefix.family] - prefix.length);
}

export function prefixContains(prefix: IpPrefix, address: IpAddress): boolean {
    return prefix.family === address.family && (address.value & netmask(prefix.family, prefix.length)) === networkAddress(prefix);
}

/** True when `inner` lies entirely inside `outer`. */
export function prefixCovers(outer: IpPrefix, inner: IpPrefix): boolean {
    return (
        outer.family === inner.family &&
        outer.length <= inner.length &&
        (networkAddress(inner) & netmask(outer.family, outer.length)) === networkAddress(outer)
    );
}

export function prefixesOverlap(a: IpPrefix, b: IpPrefix): boolean {
    return prefixCovers(a, b) || prefixCovers(b, a);
}

/**
 * The address is the subnet's network or broadcast address, which no host may take. IPv4 /31 and /32 and
 * IPv6 have no broadcast address (IPv6's subnet-router anycast is the network address, still reserved).
 */
export function isReservedInSubnet(prefix: IpPrefix, address: IpAddress): boolean {
    if (!prefixContains(prefix, address)) {
        return false;
    }
    if (prefix.family === 4) {
        if (prefix.length >= 31) {
            return false;
        }
        return address.value === networkAddress(prefix) || address.value === lastAddress(prefix);
    }
    return prefix.length < 127 && address.value === networkAddress(prefix);
}

export function hostPrefix(address: IpAddress): IpPrefix {
    const length = BITS[address.family];
    return { family: address.family, address: address.value, length, text: `${address.text}/${length}` };
}

/** Canonical `network/length` text of an address inside a prefix length, e.g. for `le 32` filters. */
export function prefixText(prefix: IpPrefix): string {
    return prefix.text;
}

/** An address as a host in `host:port` notation: IPv6 in brackets; with `:port` when a port is given. */
export function hostPort(address: string, port?: number): string {
    const host = address.includes(':') ? `[${address}]` : address;
    return port === undefined ? host : `${host}:${port}`;
}

/** The loopback address of `family`. */
export function loopbackAddress(family: IpFamily): string {
    return family === 6 ? '::1' : '127.0.0.1';
}

/** The prefix of `length` bits that holds `value`. */
export function prefixOf(family: IpFamily, value: bigint, length: number): IpPrefix {
    const network = value & netmask(family, length);
    return { family, address: network, length, text: `${formatAddress(family, network)}/${length}` };
}

/** The fewest CIDR blocks that cover exactly the addresses `start`…`end` (both included; empty when start > end). */
export function rangePrefixes(start: IpAddress, end: IpAddress): IpPrefix[] {
    const result: IpPrefix[] = [];
    if (start.family !== end.family) {
        return result;
    }
    const bits = BITS[start.family];
    let current = start.value;
    while (current <= end.value) {
        let length = bits;
        // Widen the block while it stays aligned on `current` and inside the range.
        while (length > 0) {
            const wider = length - 1;
            const size = 1n << BigInt(bits - wider);
            if ((current & (size - 1n)) !== 0n || current + size - 1n > end.value) {
                break;
            }
            length = wider;
        }
        result.push(prefixOf(start.family, current, length));
        current += 1n << BigInt(bits - length);
    }
    return result;
}

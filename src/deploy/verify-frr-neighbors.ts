/**
 * Pure reader of FRR 8.4's `show bgp neighbors json` (fixtures in test/deploy/fixtures/frr/): per neighbor, the
 * BGP state, which address families were negotiated (`neighborCapabilities.multiprotocolExtensions`), the
 * extended next hop capability (RFC 8950, IPv4 routes over an IPv6 session) and graceful restart.
 *
 * FRR's spellings: a capability both sides sent is `"advertisedAndReceived"` (for a family, the object
 * `{ "advertisedAndReceived": true }`); one side only is `"advertised"` / `"received"`. Graceful restart uses two
 * keys: `gracefulRestart: "advertisedAndReceived"` when negotiated, else `gracefulRestartCapability:
 * "advertised" | "received"`. `gracefulRestartInfo.timers` holds the router's configured restart time and the
 * one the peer sent (`configuredRestartTimer`, `receivedRestartTimer`, seconds); `localGrMode` /
 * `remoteGrMode` are `Helper`, `Restart`, `Disable` (a trailing `*` marks the global default).
 */
import { parseAddress } from '../model/ip-address.js';
import { isObject, optionalNumber } from './verify-frr.js';

export type CapabilityState = 'advertisedAndReceived' | 'advertised' | 'received' | 'none';

export interface BgpNeighborStatus {
    /** Canonical address text (the JSON key), or the interface of an unnumbered neighbor (its key then). */
    readonly address: string;
    readonly state: string;
    /** Negotiation of each address family, keyed like FRR: `ipv4Unicast`, `ipv6Unicast`, … */
    readonly families: ReadonlyMap<string, CapabilityState>;
    readonly extendedNexthop: CapabilityState;
    readonly gracefulRestart: CapabilityState;
    readonly localGrMode?: string;
    readonly remoteGrMode?: string;
    /** The router's own restart time (s). */
    readonly configuredRestartSeconds?: number;
    /** The restart time the peer advertised (s). */
    readonly receivedRestartSeconds?: number;
}


function capability(value: unknown): CapabilityState {
    if (isObject(value)) {
        if (value.advertisedAndReceived === true) {
            return 'advertisedAndReceived';
        }
        return value.advertised === true ? 'advertised' : value.received === true ? 'received' : 'none';
    }
    return value === 'advertisedAndReceived' || value === 'advertised' || value === 'received' ? value : 'none';
}

/** A Linux interface name (at most 15 characters, no `/`, no blank): an unnumbered neighbor's key. */
const INTERFACE_NAME = /^[A-Za-z0-9_.:-]{1,15}$/;

/** `show bgp neighbors json` as an object (empty output: none). */
function neighborsRoot(input: string): Record<string, unknown> {
    const text = input.trim();
    const root = text === '' ? {} : (JSON.parse(text) as unknown);
    if (!isObject(root)) {
        throw new Error('show bgp neighbors json: not a JSON object');
    }
    return root;
}

/**
 * The neighbors of `show bgp neighbors json`, keyed by canonical address; an unnumbered neighbor (FRR keys it by
 * its interface, as the summary does) by its interface name, which verify uses as such a row's source.
 */
export function parseBgpNeighbors(input: string): Map<string, BgpNeighborStatus> {
    const root = neighborsRoot(input);
    const neighbors = new Map<string, BgpNeighborStatus>();
    for (const [key, value] of Object.entries(root)) {
        const address = parseAddress(key)?.text ?? (INTERFACE_NAME.test(key) ? key : undefined);
        if (!address || !isObject(value)) {
            continue;
        }
        const capabilities = isObject(value.neighborCapabilities) ? value.neighborCapabilities : {};
        const multiprotocol = isObject(capabilities.multiprotocolExtensions) ? capabilities.multiprotocolExtensions : {};
        const restart = isObject(value.gracefulRestartInfo) ? value.gracefulRestartInfo : {};
        const timers = isObject(restart.timers) ? restart.timers : {};
        neighbors.set(address, {
            address,
            state: typeof value.bgpState === 'string' ? value.bgpState : 'unknown',
            families: new Map(Object.entries(multiprotocol).map(([afi, state]) => [afi, capability(state)])),
            extendedNexthop: capability(capabilities.extendedNexthop),
            gracefulRestart: capability(capabilities.gracefulRestart ?? capabilities.gracefulRestartCapability),
            localGrMode: typeof restart.localGrMode === 'string' ? restart.localGrMode.replace(/\*$/, '') : undefined,
            remoteGrMode: typeof restart.remoteGrMode === 'string' ? restart.remoteGrMode.replace(/\*$/, '') : undefined,
            configuredRestartSeconds: optionalNumber(timers.configuredRestartTimer),
            receivedRestartSeconds: optionalNumber(timers.receivedRestartTimer)
        });
    }
    return neighbors;
}

/**
 * The neighbors of `show bgp neighbors json` that FRR keys by interface (BGP unnumbered): interface → the address
 * the neighbor connected from (`bgpNeighborAddr`, its IPv6 link-local address; the `peerId` of the routes it sends).
 * A neighbor not connected yet has none and is left out.
 */
export function interfaceNeighbors(input: string): Map<string, string> {
    const root = neighborsRoot(input);
    const found = new Map<string, string>();
    for (const [key, value] of Object.entries(root)) {
        const address = isObject(value) && typeof value.bgpNeighborAddr === 'string' ? parseAddress(value.bgpNeighborAddr)?.text : undefined;
        if (!parseAddress(key) && address) {
            found.set(key, address);
        }
    }
    return found;
}

/** FRR's key of a family's unicast AFI/SAFI: `ipv4` → `ipv4Unicast`. */
export function unicastAfi(family: 'ipv4' | 'ipv6'): string {
    return `${family}Unicast`;
}

/** `IPv4 unicast` for messages. */
export function afiWords(family: 'ipv4' | 'ipv6'): string {
    return family === 'ipv6' ? 'IPv6 unicast' : 'IPv4 unicast';
}

/** `the router advertised it, the peer did not` and so on. */
export function sideWords(state: CapabilityState, what: string): string {
    switch (state) {
        case 'advertised':
            return `the router advertised ${what}, the peer did not`;
        case 'received':
            return `the peer advertised ${what}, the router did not`;
        case 'none':
            return `neither side advertised ${what}`;
        default:
            return `${what} on both sides`;
    }
}

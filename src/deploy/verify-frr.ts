/**
 * Pure readers of FRR 8.4's operational JSON (FACTS §1.5) and the rules the verifier applies to them.
 *
 * - `show bgp summary json` wraps the per-AFI objects (`ipv4Unicast`, `ipv6Unicast`, ...); the `show bgp
 *   ipv4 unicast summary json` form is the bare object with `peers`. Both are accepted. A BGP instance
 *   without peers prints `{}`.
 * - Peer keys are neighbor addresses (dynamic `bgp listen range` neighbors included).
 * - Health: `state == Established && peerState == OK`. The RFC 8212 trap (FACTS §1.3): with `frr defaults
 *   traditional` an eBGP session without inbound and outbound policy is Established with `peerState:
 *   "Policy"` and `pfxRcd: 0`, and the router silently drops every route; that is a failure.
 * - `show bgp ipv4 unicast json`: `routes` keyed by prefix, each a list of paths carrying `peerId` (the
 *   neighbor the path came from) and `nexthops`.
 */
import type { Announcement, IpPrefix } from '../model/index.js';
import { announcementPermits } from '../model/announcement-derivation.js';
import { parseAddress, parsePrefix } from '../model/ip-address.js';

export interface BgpPeerStatus {
    /** Canonical address text (the summary key). */
    readonly address: string;
    readonly state: string;
    readonly peerState: string;
    readonly pfxRcd: number;
    readonly pfxSnt: number;
    readonly remoteAs?: number;
    readonly uptimeMsec?: number;
    /** FRR's `peerUptime` is `never` until the session first comes up (after that it is the time since the last change). */
    readonly neverEstablished: boolean;
    readonly dynamic: boolean;
    /** The AFI object the peer was listed under, e.g. `ipv4Unicast`. */
    readonly afi: string;
}

export interface BgpRoutePath {
    /** Canonical prefix text. */
    readonly prefix: string;
    /** Canonical address of the neighbor the path was learned from (`undefined` for local routes). */
    readonly peerId?: string;
    readonly nexthops: string[];
    readonly valid: boolean;
    readonly bestpath: boolean;
    readonly multipath: boolean;
    readonly asPath: string;
}

export type Json = Record<string, unknown>;

/** A JSON object (not an array, not null): what FRR's per-key answers are. */
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A finite number, else undefined. */
export const optionalNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function asJson(input: string | unknown): unknown {
    if (typeof input !== 'string') {
        return input;
    }
    const text = input.trim();
    return text === '' ? {} : (JSON.parse(text) as unknown);
}

function canonicalAddress(text: string): string {
    return parseAddress(text)?.text ?? text;
}

function num(value: unknown): number {
    return optionalNumber(value) ?? 0;
}

/** Peers of `show bgp summary json` (wrapped or per-AFI form), keyed by canonical address; a neighbor listed under two AFIs keeps the first. */
export function parseBgpSummary(input: string | unknown): Map<string, BgpPeerStatus> {
    const peers = new Map<string, BgpPeerStatus>();
    for (const afiPeers of parseBgpSummaryAfis(input).values()) {
        for (const [address, status] of afiPeers) {
            if (!peers.has(address)) {
                peers.set(address, status);
            }
        }
    }
    return peers;
}

/**
 * Peers of `show bgp summary json` per AFI object (`ipv4Unicast`, `ipv6Unicast`, …; the bare per-AFI form is
 * `ipv4Unicast`): a neighbor is listed under each family it is activated in, with that family's state.
 */
export function parseBgpSummaryAfis(input: string | unknown): Map<string, Map<string, BgpPeerStatus>> {
    const root = asJson(input);
    if (!isObject(root)) {
        throw new Error('show bgp summary json: not a JSON object');
    }
    const afis: [string, Json][] = isObject(root.peers)
        ? [['ipv4Unicast', root]]
        : Object.entries(root).flatMap(([afi, value]) => (isObject(value) && isObject(value.peers) ? [[afi, value] as [string, Json]] : []));
    const result = new Map<string, Map<string, BgpPeerStatus>>();
    for (const [afi, object] of afis) {
        const peers = new Map<string, BgpPeerStatus>();
        for (const [key, value] of Object.entries(object.peers as Json)) {
            if (!isObject(value)) {
                continue;
            }
            const address = canonicalAddress(key);
            peers.set(address, {
                address,
                state: typeof value.state === 'string' ? value.state : 'unknown',
                peerState: typeof value.peerState === 'string' ? value.peerState : 'unknown',
                pfxRcd: num(value.pfxRcd),
                pfxSnt: num(value.pfxSnt),
                remoteAs: typeof value.remoteAs === 'number' ? value.remoteAs : undefined,
                uptimeMsec: typeof value.peerUptimeMsec === 'number' ? value.peerUptimeMsec : undefined,
                neverEstablished: typeof value.peerUptime === 'string' ? value.peerUptime === 'never' : !(typeof value.peerUptimeMsec === 'number' && value.peerUptimeMsec > 0),
                dynamic: value.dynamicPeer === true,
                afi
            });
        }
        result.set(afi, peers);
    }
    return result;
}

/** Paths of `show bgp ipv4|ipv6 unicast json`, keyed by canonical prefix. */
export function parseBgpRoutes(input: string | unknown): Map<string, BgpRoutePath[]> {
    const root = asJson(input);
    if (!isObject(root)) {
        throw new Error('show bgp unicast json: not a JSON object');
    }
    const routes = new Map<string, BgpRoutePath[]>();
    const table = isObject(root.routes) ? root.routes : {};
    for (const [key, value] of Object.entries(table)) {
        const prefix = parsePrefix(key)?.text ?? key;
        const paths = (Array.isArray(value) ? value : [value]).filter(isObject).map(
            (path): BgpRoutePath => ({
                prefix,
                peerId: typeof path.peerId === 'string' && parseAddress(path.peerId) ? canonicalAddress(path.peerId) : undefined,
                nexthops: (Array.isArray(path.nexthops) ? path.nexthops : []).flatMap((hop) =>
                    isObject(hop) && typeof hop.ip === 'string' ? [canonicalAddress(hop.ip)] : []
                ),
                valid: path.valid === true,
                bestpath: path.bestpath === true,
                multipath: path.multipath === true,
                asPath: typeof path.path === 'string' ? path.path : ''
            })
        );
        routes.set(prefix, [...(routes.get(prefix) ?? []), ...paths]);
    }
    return routes;
}

export interface Evaluation {
    readonly status: 'pass' | 'fail' | 'unknown';
    readonly message: string;
}

/** The session rule: Established and peerState OK; the RFC 8212 trap gets its own message. */
export function evaluateSession(peer: BgpPeerStatus | undefined, peerAddress: string, expectedAsn?: number): Evaluation {
    if (!peer) {
        return { status: 'fail', message: `the router has no neighbor ${peerAddress} (the speaker never connected, or the router does not accept it)` };
    }
    if (peer.state === 'Established' && peer.peerState === 'Policy') {
        return {
            status: 'fail',
            message:
                `Established, but the router drops routes for lack of policy (peerState Policy, ${peer.pfxRcd} prefixes received): ` +
                'FRR requires an inbound and an outbound policy on eBGP sessions (RFC 8212); render route-maps in and out for this peer'
        };
    }
    if (peer.state !== 'Established') {
        const uptime = peer.neverEstablished ? ', never established' : '';
        return { status: 'fail', message: `neighbor ${peerAddress} is ${peer.state}${uptime}` };
    }
    if (peer.peerState !== 'OK') {
        return { status: 'fail', message: `Established, but peerState is ${peer.peerState}` };
    }
    if (expectedAsn !== undefined && peer.remoteAs !== undefined && peer.remoteAs !== expectedAsn) {
        return { status: 'fail', message: `Established with AS ${peer.remoteAs}, but the topology says AS ${expectedAsn}` };
    }
    return { status: 'pass', message: `Established, peerState OK, ${peer.pfxRcd} prefixes received` };
}

/** Prefixes the router holds from one neighbor (any path whose peerId is that neighbor). */
export function prefixesFromPeer(routes: Map<string, BgpRoutePath[]>, peerAddress: string): string[] {
    const peer = canonicalAddress(peerAddress);
    const found: string[] = [];
    for (const [prefix, paths] of routes) {
        if (paths.some((path) => path.peerId === peer)) {
            found.push(prefix);
        }
    }
    return found;
}

export interface PrefixComparison {
    /** Exact announcements the router did not receive. */
    readonly missing: string[];
    /** Received prefixes that no announcement allows. */
    readonly unexpected: string[];
}

/**
 * Exact announcements must be received; anything received must equal an exact announcement or lie inside
 * a non-exact one (pools, pod networks).
 */
export function comparePrefixes(received: readonly string[], announcements: readonly Pick<Announcement, 'prefix' | 'exact' | 'lengths'>[]): PrefixComparison {
    const got = new Set(received);
    const missing = announcements.filter((a) => a.exact && !got.has(a.prefix.text)).map((a) => a.prefix.text);
    const unexpected = received.filter((text) => {
        const prefix = parsePrefix(text);
        return !prefix || !announcements.some((a) => announcementPermits(a, prefix));
    });
    return { missing: [...new Set(missing)], unexpected };
}

export function evaluatePrefixes(comparison: PrefixComparison, received: readonly string[]): Evaluation {
    const problems: string[] = [];
    if (comparison.missing.length > 0) {
        problems.push(`missing ${comparison.missing.join(', ')}`);
    }
    if (comparison.unexpected.length > 0) {
        problems.push(`unexpected ${comparison.unexpected.join(', ')}`);
    }
    if (problems.length > 0) {
        return { status: 'fail', message: `${problems.join('; ')} (received: ${received.join(', ') || 'nothing'})` };
    }
    return { status: 'pass', message: received.length > 0 ? `received ${received.join(', ')}` : 'nothing expected, nothing received' };
}

/**
 * A kube-vip BGP VIP on one router: the /32 (/128) must be there with a path from every expected
 * speaker address (the control-plane nodes' sources) and from no other neighbor.
 */
export function evaluateVipRoute(routes: Map<string, BgpRoutePath[]>, vip: IpPrefix, expectedPeers: readonly string[]): Evaluation {
    const paths = routes.get(vip.text) ?? [];
    const from = new Set(paths.flatMap((path) => (path.peerId && path.valid ? [path.peerId] : [])));
    const expected = expectedPeers.map(canonicalAddress);
    const missing = expected.filter((peer) => !from.has(peer));
    const extra = [...from].filter((peer) => !expected.includes(peer));
    if (paths.length === 0) {
        return { status: 'fail', message: `no route to ${vip.text} (expected next hops ${expected.join(', ')})` };
    }
    if (missing.length > 0 || extra.length > 0) {
        const parts = [
            ...(missing.length > 0 ? [`no path from ${missing.join(', ')}`] : []),
            ...(extra.length > 0 ? [`unexpected path from ${extra.join(', ')}`] : [])
        ];
        return { status: 'fail', message: `${vip.text}: ${parts.join('; ')} (paths from ${[...from].join(', ') || 'nobody'})` };
    }
    return { status: 'pass', message: `${vip.text} via ${expected.join(', ')}` };
}

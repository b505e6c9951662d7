/**
 * The shapes frr.conf.njk renders (one router's prefix-lists, route-maps, peers, BFD profiles, address families) and
 * the peer the FRR renderer builds them from: the contract between frr-renderer.ts, its peer builders
 * (frr-speaker-peers.ts, frr-line-peers.ts) and its policies (frr-policies.ts). Types only, no logic.
 */
import type { BgpSession } from '../model/index.js';
import type { CarriedPrefix } from '../model/fabric-prefixes.js';

export interface PrefixListView {
    readonly name: string;
    /** `ip` or `ipv6`. */
    readonly family: string;
    readonly entries: { seq: number; rule: string }[];
}

export interface RouteMapView {
    readonly name: string;
    readonly action: 'permit' | 'deny';
    readonly seq: number;
    /** e.g. `ip address prefix-list PL-X-IN`; empty for a route-map without match. */
    readonly match: string;
}

export interface PeerView {
    /** Peer-group name or neighbor address. */
    readonly name: string;
    readonly isGroup: boolean;
    readonly remoteAs: string;
    readonly description: string;
    readonly passive: boolean;
    readonly password?: string;
    /** Shown instead of the password in a preview whose secret is not resolved. */
    readonly passwordComment?: string;
    readonly bfd: boolean;
    /** `bfd profile NAME` when the group sets BFD timers. */
    readonly bfdProfile?: string;
    readonly timers?: string;
    /** `timers connect N`. */
    readonly connectRetry?: number;
    readonly multihop?: number;
    readonly gracefulRestart?: boolean;
    /**
     * `neighbor NAME graceful-restart-helper` (NAME: the member of a peer-group of one, or the neighbor itself): the
     * peer keeps FRR's default helper mode when the router's global `bgp graceful-restart` is rendered only for a
     * speaker group's dynamic neighbors (see {@link peerGracefulRestart}).
     */
    readonly gracefulRestartHelper?: string;
    /** `update-source`: the router's loopback for `to loopback` groups. */
    readonly updateSource?: string;
    /** `capability extended-nexthop`: IPv4 routes over an IPv6 session (`families … over ipv6`). */
    readonly extendedNexthop?: boolean;
    /**
     * The one neighbor of a router-to-router or upstream peer-group (LANGUAGE-V2 §4): its address, or its interface
     * for BGP unnumbered (`neighbor IFNAME interface peer-group G`). Such a session is a peer-group of one because
     * FRR 8.4 takes `graceful-restart` on a peer-group even offline (bgpd -C), where on a single neighbor it needs zebra.
     */
    readonly member?: { readonly name: string; readonly interface: boolean };
    /** `neighbor X port N`: the peer router's `listen-port` when not 179. */
    readonly port?: number;
}

export interface BfdProfileView {
    readonly name: string;
    readonly receive?: number;
    readonly transmit?: number;
    readonly multiplier?: number;
}

export interface AddressFamilyView {
    /** `ipv4` or `ipv6`. */
    readonly afi: string;
    /** Peers that need an explicit `activate` (IPv6: not on by default). */
    readonly activate: string[];
    readonly policies: { peer: string; routeMapIn: string; routeMapOut: string }[];
    /** Per-family peer settings: `route-reflector-client`, `next-hop-self`, `soft-reconfiguration inbound`. */
    readonly settings: { peer: string; option: string }[];
    readonly maximumPaths?: number;
    /** `maximum-paths ibgp N` when the router has iBGP sessions (LANGUAGE-V2 §4, §10). */
    readonly maximumPathsIbgp?: number;
    /** `network P`: connected prefixes the router announces (`announce network NET` / `loopback`). */
    readonly networks: string[];
    /** `aggregate-address P`: pools announced with `aggregate`. */
    readonly aggregates: string[];
}

/** One peer of the router (a peer-group or an explicit neighbor) and the sessions it accepts. */
export interface Peer {
    readonly view: PeerView;
    /** Base of its prefix-list and route-map names. */
    readonly policy: string;
    readonly sessions: BgpSession[];
    /** Listen ranges for a peer-group. */
    readonly ranges: string[];
    /**
     * A router-to-router or upstream peer (LANGUAGE-V2 §4): the families it is activated in, its policy (`fabric`:
     * what routers carry, plus `sends` / `takes` on this session; `upstream`: exactly `sends` out and `takes` in),
     * and its per-family settings.
     */
    readonly line?: {
        readonly families: (4 | 6)[];
        readonly policy: 'fabric' | 'upstream';
        readonly sends: CarriedPrefix[];
        readonly takes: CarriedPrefix[];
        readonly ibgp: boolean;
        readonly nextHopSelf: boolean;
    };
}

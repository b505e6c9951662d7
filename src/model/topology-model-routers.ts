/**
 * The topology model, routers beyond the rack (LANGUAGE-V2 §4): v1 neighbors, router-to-router and upstream
 * lines, what they announce and accept, and the sessions derived from them. Re-exported by topology-model.ts.
 */
import type * as ast from '../language/generated/ast.js';
import type { IpAddress, IpPrefix } from './ip-address.js';
import type { AddressFamily, ModelAddress, ModelCluster, ModelNetwork, ModelNode, ModelRouter, ModelVip } from './topology-model.js';
import type { ModelBfd, SessionType } from './topology-model-speakers.js';

export interface ModelNeighbor {
    /** A single node, or every speaker source address inside a prefix. */
    readonly node?: ModelNode;
    readonly prefix?: IpPrefix;
    readonly remoteAs: number | 'external' | 'internal' | undefined;
    readonly ast: ast.Neighbor;
}

/** The options of a router-to-router or upstream session (a subset of PEER-OPTION, LANGUAGE-V2 §4). */
export interface ModelSessionOptions {
    readonly multihop?: number;
    readonly passwordSecret?: string;
    readonly literalPassword: boolean;
    readonly bfd?: ModelBfd;
    readonly holdMs?: number;
    readonly keepaliveMs?: number;
    readonly connectRetryMs?: number;
    readonly gracefulRestart?: { readonly restartTimeMs?: number };
}

/** A `neighbor ROUTER [{ … }]` line of `router` towards `peer`. */
export interface ModelRouterNeighbor {
    readonly router: ModelRouter;
    readonly peer: ModelRouter;
    readonly options: ModelSessionOptions;
    readonly toLoopback: boolean;
    /** `unnumbered IFNAME`: this side's interface (FRR interface peering over IPv6 link-local). */
    readonly unnumbered?: string;
    readonly nextHopSelf: boolean;
    /** `announce ANNOUNCE, …`: what `router` also sends to `peer` (and `peer` accepts from it). */
    readonly announce: ModelAnnounce[];
    readonly ast: ast.Neighbor;
}

/** An `upstream ADDR remote-as ASN [{ … }]` line: a peer outside the file. */
export interface ModelUpstream {
    readonly router: ModelRouter;
    readonly address?: IpAddress;
    readonly asn?: number;
    readonly options: ModelSessionOptions;
    /** `announce ANNOUNCE, …`: exactly what the router sends there (nothing without it). */
    readonly announce: ModelAnnounce[];
    /** `accept …`: what the router takes from there (default nothing). */
    readonly accept: ModelAccept;
    readonly ast: ast.Upstream;
}

export type AnnounceKind = 'pool' | 'vip' | 'pod-network' | 'network' | 'loopback';

/**
 * One prefix an announce item stands for. `learned`: a route the router learns over BGP (from the speakers, through
 * the fabric), sent as learned (`exact` false: the prefix or anything more specific); `aggregate`: the pool's prefix
 * once, originated with FRR `aggregate-address …` (the exact export list sends no more-specific to an upstream; no
 * `summary-only`, which would withhold them from the fabric too); `connected`: a
 * prefix on one of the router's own interfaces (a network it is on, its loopback), originated with
 * an FRR `network` statement (announced while the route is in the router's RIB).
 */
export interface AnnouncedPrefix {
    readonly prefix: IpPrefix;
    readonly exact: boolean;
    readonly origin: 'learned' | 'aggregate' | 'connected';
}

/** An ANNOUNCE item (LANGUAGE-V2 §4) of a `neighbor ROUTER` or `upstream` line. */
export interface ModelAnnounce {
    readonly kind: AnnounceKind;
    /** `pool NETWORK` / `network NETWORK`. */
    readonly network?: ModelNetwork;
    readonly vip?: ModelVip;
    /** `pod-network CLUSTER`. */
    readonly cluster?: ModelCluster;
    /** `pool … aggregate`. */
    readonly aggregate: boolean;
    /** The prefixes it stands for, both families (a session sends those of the families it carries). */
    readonly prefixes: AnnouncedPrefix[];
    readonly ast: ast.AnnounceItem;
}

/** `accept ( nothing | default | PREFIX, … )`: `prefixes` are accepted exactly (`default`: 0.0.0.0/0 or ::/0). */
export interface ModelAccept {
    readonly kind: 'nothing' | 'default' | 'prefixes';
    readonly prefixes: IpPrefix[];
    readonly ast?: ast.Accept;
}

/** One end of a router-to-router session. */
export interface RouterSessionEnd {
    readonly router: ModelRouter;
    /** Its own address of the session (on the shared network, or its loopback); none for unnumbered. */
    readonly address?: ModelAddress;
    /** Unnumbered: its interface. */
    readonly interface?: string;
    /** Its `neighbor` line towards the other end, when it declares one. */
    readonly declaration?: ModelRouterNeighbor;
    /** It rewrites the next hop of what it sends (`next-hop-self` on its line). */
    readonly nextHopSelf: boolean;
}

/** A session between two routers of the file, in one family (unnumbered: one session carrying both). */
export interface RouterSession {
    /** A stable key, e.g. `tor-a1<->spine`, with `/ipv6` for an IPv6 session. */
    readonly id: string;
    /** The two ends: the first is the router whose line comes first in the file. */
    readonly ends: readonly [RouterSessionEnd, RouterSessionEnd];
    readonly family: AddressFamily;
    readonly carries: AddressFamily[];
    /** The merged options: what either side sets (a disagreement is `peer-option-conflict`). */
    readonly options: ModelSessionOptions;
    readonly toLoopback: boolean;
    readonly unnumbered: boolean;
    readonly multihop?: number;
    readonly type?: SessionType;
    /** No shared network of the family and no multihop: cannot come up (`peer-no-path`). */
    readonly noPath: boolean;
    /** The `neighbor` lines declaring it, in file order. */
    readonly declarations: ModelRouterNeighbor[];
}

/** A session of a router with one of its upstreams. */
export interface UpstreamSession {
    /** e.g. `spine->upstream 192.0.2.145`. */
    readonly id: string;
    readonly router: ModelRouter;
    readonly upstream: ModelUpstream;
    readonly family: AddressFamily;
    /** The router's address it sends from: on the network holding the upstream address, else (multihop) its first. */
    readonly source?: ModelAddress;
    readonly multihop?: number;
    readonly type?: SessionType;
    readonly noPath: boolean;
}

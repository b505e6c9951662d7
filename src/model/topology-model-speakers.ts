/**
 * The topology model, speakers (LANGUAGE-V2 §1, §5–§9): peer groups, selectors, advertisements and communities,
 * and the BGP sessions of the speakers with the routers. Re-exported by topology-model.ts.
 */
import type * as ast from '../language/generated/ast.js';
import type { IpPrefix } from './ip-address.js';
import type { AddressFamily, ModelAddress, ModelCluster, ModelNetwork, ModelNode, ModelRouter, ModelVip, SpeakerKind } from './topology-model.js';
import type { ModelSessionOptions } from './topology-model-routers.js';

export type SourceSelection =
    | { readonly kind: 'primary' }
    | { readonly kind: 'index'; readonly index: number }
    | { readonly kind: 'interface'; readonly interface: string };

/**
 * Prefixes a speaker may announce: `exact` means exactly this prefix; else the prefixes inside it whose length lies
 * in `lengths` (both ends included; without `lengths`, any length from the prefix's own to the host length).
 */
export interface Announcement {
    readonly prefix: IpPrefix;
    readonly exact: boolean;
    readonly lengths?: { readonly min: number; readonly max: number };
    readonly origin: 'pool' | 'vip' | 'pod-cidr' | 'pod-network' | 'cluster-ips' | 'external-ips';
    /** The attributes it is sent with (from its advertisement). */
    readonly communities: readonly ModelCommunity[];
    readonly localPref?: number;
    /** The advertisement it comes from. */
    readonly advertisement?: ModelAdvertisement;
}

/** A BGP community of an advertisement (LANGUAGE-V2 §7 COMMUNITY). */
export interface ModelCommunity {
    /** As written: `64512:100`, `4200000000:1:2`, `no-export`. */
    readonly text: string;
    readonly kind: 'standard' | 'large';
    /** The numeric form: `a:b` (a well-known name's value, e.g. `65535:65281`) or `a:b:c`. */
    readonly value: string;
    /** The well-known name, when written as one. */
    readonly wellKnown?: WellKnownCommunity;
}

export type WellKnownCommunity = 'no-export' | 'no-advertise' | 'local-as' | 'no-peer' | 'blackhole' | 'graceful-shutdown';

export type AdvertisementKind = 'pool' | 'pod-cidrs' | 'cluster-ips' | 'external-ips' | 'vip';

/**
 * One `advertise` item of a speaker block (LANGUAGE-V2 §7), or one the block implies: v1's metallb `pool` without
 * `advertise` lines (every pool to every peer), kube-vip's `vip` and `services pool` (`implicit`, no `ast`).
 */
export interface ModelAdvertisement {
    readonly speaker: ModelSpeaker;
    readonly kind: AdvertisementKind;
    /** The pool (`pool`) or the external-IP network (`external-ips`). */
    readonly network?: ModelNetwork;
    readonly vip?: ModelVip;
    /** `to ROUTER, …`: only towards these routers; empty = every router of the block. */
    readonly to: ModelRouter[];
    readonly selector?: ModelSelector;
    /** The nodes that announce it: the block's (services) nodes, narrowed by its `speakers`. */
    readonly nodes: ModelNode[];
    readonly aggregate?: number;
    readonly communities: ModelCommunity[];
    readonly localPref?: number;
    /** `services TERM, …`: only Services with these labels. */
    readonly services: ModelLabelTerm[];
    readonly implicit: boolean;
    readonly ast?: ast.Advertisement;
}

/** One label term of a selector: `KEY=VALUE` or `KEY!=VALUE` (the latter also matches nodes without the key). */
export interface ModelLabelTerm {
    readonly key: string;
    readonly operator: '=' | '!=';
    readonly value: string;
}

/** One alternative of a selector (LANGUAGE-V2 §1): node names, or a group word and/or label terms. */
export interface ModelSelectorAlternative {
    readonly nodes: ModelNode[];
    readonly group?: 'workers' | 'control-plane' | 'all';
    readonly terms: ModelLabelTerm[];
    /** The cluster's nodes it selects, in cluster order. */
    readonly matched: ModelNode[];
    readonly ast: ast.SelectorAlternative;
}

/** A SELECTOR: the union of its alternatives. */
export interface ModelSelector {
    readonly alternatives: ModelSelectorAlternative[];
    /** The union of the alternatives' nodes, in cluster order. */
    readonly matched: ModelNode[];
    readonly ast: ast.Selector;
}

/** `bfd { receive … transmit … multiplier … }`; an empty profile is `bfd` alone (the consumer's defaults). */
export interface ModelBfd {
    readonly receiveMs?: number;
    readonly transmitMs?: number;
    readonly multiplier?: number;
}

/** `families ipv4, ipv6 [over F]`: the families, and the one session family carrying them all when `over` is given. */
export interface ModelFamilies {
    readonly families: AddressFamily[];
    readonly over?: AddressFamily;
}

/**
 * The options of a set of sessions (LANGUAGE-V2 §2 PEER-OPTION): a block's own options, or a peer group's with the
 * block's as defaults. `speakers` is not here: it is the group's selector.
 */
export interface ModelPeerOptions extends ModelSessionOptions {
    /** The nodes' local AS on these sessions (the group's `asn`, else the block's). */
    readonly asn?: number;
    readonly source: SourceSelection;
    readonly toLoopback: boolean;
    readonly families?: ModelFamilies;
}

/**
 * A peer group of a speaker block: v2's `peer R, … { … }`, or v1's `peers R, …` (a group without options of its
 * own and `ast` undefined). Its sessions: (block's nodes ∩ group's `speakers`) × routers × families.
 */
export interface ModelPeerGroup {
    readonly speaker: ModelSpeaker;
    /** Position among the block's groups (v1 `peers` lines included), in file order. */
    readonly index: number;
    readonly routers: ModelRouter[];
    readonly selector?: ModelSelector;
    /** The nodes its sessions start from: the block's nodes, narrowed by the group's selector. */
    readonly nodes: ModelNode[];
    /** The effective options: the group's own over the block's. */
    readonly options: ModelPeerOptions;
    readonly ast?: ast.PeerGroup;
}

export interface ModelSpeaker {
    readonly kind: SpeakerKind;
    readonly cluster: ModelCluster;
    readonly asn?: number;
    readonly peers: ModelRouter[];
    /** The nodes it runs on (defaults applied). */
    readonly nodes: ModelNode[];
    readonly source: SourceSelection;
    readonly multihop?: number;
    /** The secret's name; literal passwords are never carried into the model. */
    readonly passwordSecret?: string;
    /** The file holds a literal `password "…"` (flagged `secret-in-source`); its value is never carried here. */
    readonly literalPassword: boolean;
    readonly bfd: boolean;
    readonly holdMs?: number;
    readonly keepaliveMs?: number;
    /**
     * The loadbalancer pools it hands out and announces: MetalLB's `pool` list (and pools only its `advertise` lines
     * name), Cilium's advertised pools, kube-vip's `services pool`.
     */
    readonly pools: ModelNetwork[];
    /** kube-vip services mode (`services pool NET`, LANGUAGE-V2 §9). */
    readonly servicesPool?: ModelNetwork;
    /** kube-vip: the nodes that announce Services (the block's speakers); other speakers: its nodes. */
    readonly servicesNodes: ModelNode[];
    /** What it announces, explicit and implied, in file order. */
    readonly advertisements: ModelAdvertisement[];
    readonly vips: ModelVip[];
    /** The block's own `speakers` selector, when given. */
    readonly selector?: ModelSelector;
    /** The block's own options: the defaults of its groups. */
    readonly options: ModelPeerOptions;
    /** Its peer groups in file order: each `peer` line, and one per v1 `peers` line. */
    readonly groups: ModelPeerGroup[];
    /** calico-bgp: the node-to-node mesh (`node-mesh`, default on); undefined for other kinds. */
    readonly nodeMesh?: boolean;
    readonly ast: ast.Speaker;
}

export type SessionType = 'ebgp' | 'ibgp';

/** One BGP session: a speaker on one node towards one router, in one address family. */
export interface BgpSession {
    /**
     * A stable key, e.g. `prod/kube-vip/cp1->tor1`; `/ipv6` is appended for an IPv6 session and `#N` for the N-th
     * group (from 2) of a block reaching one router.
     */
    readonly id: string;
    readonly speaker: ModelSpeaker;
    /** The peer group it comes from. */
    readonly group: ModelPeerGroup;
    /** The session's own family (of its source and destination addresses). */
    readonly family: AddressFamily;
    /** The families it carries: its own, plus the others with `families … over F` (MP-BGP). */
    readonly carries: AddressFamily[];
    /** Its effective options (the group's). */
    readonly options: ModelPeerOptions;
    /** The speaker dials the router's loopback (`to loopback`). */
    readonly toLoopback: boolean;
    /** The port the speaker dials: the router's `listen-port`, default 179. */
    readonly port: number;
    readonly node: ModelNode;
    readonly router: ModelRouter;
    /** The node's address the session is sourced from. */
    readonly source?: ModelAddress;
    /** The router's address the speaker dials. */
    readonly destination?: ModelAddress;
    readonly speakerAsn?: number;
    readonly routerAsn?: number;
    readonly type?: SessionType;
    /** TTL for eBGP multihop when the speaker asks for it (`to loopback` implies 2). */
    readonly multihop?: number;
    /** Speaker and router share the source address's network. */
    readonly singleHop: boolean;
    /** No shared network and no multihop: the session cannot come up (`peer-no-path`). */
    readonly noPath: boolean;
    /** What this node's speaker may announce on this session (a list shared by the sessions that announce the same). */
    readonly announcements: readonly Announcement[];
}

/** A session a group asks for that no address of the family can carry. */
export interface SessionGap {
    readonly group: ModelPeerGroup;
    readonly node: ModelNode;
    readonly router: ModelRouter;
    readonly family: AddressFamily;
    readonly missing: 'node' | 'router' | 'loopback';
}

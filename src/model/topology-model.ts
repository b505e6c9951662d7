/**
 * The typed topology model: what the renderers, the deployer and the verifier work from. It is lowered
 * from the AST by `lowerTopology` with every default applied and every derived fact (network membership,
 * BGP sessions, VIP interfaces, WireGuard AllowedIPs) computed once. Each element keeps its AST node so
 * that any finding, at edit time or against the live network, can be shown on the line that caused it.
 */
import type * as ast from '../language/generated/ast.js';
import type { IpAddress, IpPrefix } from './ip-address.js';

export type NetworkRole = 'underlay' | 'vpn' | 'pod' | 'service' | 'loadbalancer' | 'management';
export type HostKind = 'router' | 'loadbalancer' | 'node';
export type NodeRole = 'control-plane' | 'worker';
export type SpeakerKind = 'metallb' | 'cilium-bgp' | 'kube-vip' | 'calico-bgp';
export type AlertGroup = 'control-plane' | 'bgp' | 'vip' | 'wireguard';
/** An IP address family: 4 or 6 (as {@link IpAddress.family}). */
export type AddressFamily = 4 | 6;

export interface ModelNetwork {
    readonly name: string;
    readonly prefix?: IpPrefix;
    readonly role: NetworkRole;
    readonly interface?: string;
    /** `range A-B, …` (LANGUAGE-V2 §7): the pool hands out only these addresses; empty = the whole prefix. */
    readonly ranges: ModelAddressRange[];
    /** `services KEY=VALUE, …`: only Services with these labels take addresses from the pool. */
    readonly services: ModelLabelTerm[];
    /** `namespaces NAME, …`: only Services of these namespaces take addresses from the pool. */
    readonly namespaces: string[];
    /** False with `auto-assign off`: only Services asking for an address of the pool get one. */
    readonly autoAssign: boolean;
    readonly ast: ast.Network;
}

/** `range A-B`: both ends included. `start`/`end` are undefined when malformed (the validator reports them). */
export interface ModelAddressRange {
    readonly start?: IpAddress;
    readonly end?: IpAddress;
    readonly ast: ast.AddressRange;
}

export interface ModelAddress {
    readonly address: IpAddress;
    /** The network the address belongs to: its `on` network, else the most specific containing one. */
    readonly network?: ModelNetwork;
    /** The address was declared with `on NETWORK`. */
    readonly explicitNetwork: boolean;
    /** Its `address` line; a router's loopback (on no network) points at its router. */
    readonly ast: ast.HostAddress | ast.Router;
}

export interface SshEndpoint {
    readonly user: string;
    readonly host: string;
    readonly port: number;
    readonly identity?: string;
    readonly knownHosts?: string;
    readonly jump?: SshEndpoint;
    /**
     * What the file itself states (the host's `ssh` line or `defaults { ssh … }`); the rest are built-in
     * defaults (root, 22) that a shell's own setting (`--user`, `bgptopo.ssh.defaultUser`) may replace.
     * `identity`, `knownHosts` and `jump` are only ever set when the file states them.
     */
    readonly stated: { readonly user: boolean; readonly port: boolean };
}

interface ModelHostBase {
    readonly name: string;
    readonly kind: HostKind;
    readonly addresses: ModelAddress[];
    /** Undefined when the host has no address and no `ssh` line. */
    readonly ssh?: SshEndpoint;
    /** The VIPs this host holds (keepalived or kube-vip). */
    readonly vips: ModelVip[];
}

export interface ModelRouter extends ModelHostBase {
    readonly kind: 'router';
    readonly asn?: number;
    readonly routerId?: IpAddress;
    /** v1's `neighbor NODE|PREFIX remote-as …` lines: the router declares what it expects. */
    readonly neighbors: ModelNeighbor[];
    /** `neighbor ROUTER [{ … }]` lines (LANGUAGE-V2 §4): sessions with other routers of the file. */
    readonly routerNeighbors: ModelRouterNeighbor[];
    /** `upstream ADDR remote-as ASN [{ … }]`: peers outside the file. */
    readonly upstreams: ModelUpstream[];
    /** `route-reflector [cluster-id IPV4]`: its iBGP speakers and iBGP router neighbors are reflector clients. */
    readonly routeReflector?: { readonly clusterId?: IpAddress };
    /** `graceful-restart [restart-time D]` of the router itself (FRR `bgp graceful-restart`). */
    readonly gracefulRestart?: { readonly restartTimeMs?: number };
    readonly maximumPaths?: number;
    readonly bfd: boolean;
    /** `bfd { … }` on the router: the profile of its speaker sessions that set none (§13). */
    readonly bfdProfile?: ModelBfd;
    /** `loopback ADDR` lines (one per family): on `lo`, on no network (LANGUAGE-V2 §4, §13). */
    readonly loopbacks: ModelAddress[];
    /** bgpd's listening port when not 179; every speaker session towards the router dials it. */
    readonly listenPort?: number;
    /** The BGP sessions derived towards this router, in declaration order. */
    readonly sessions: BgpSession[];
    /** Its sessions with other routers of the file (either side's `neighbor` line), in derivation order. */
    readonly routerSessions: RouterSession[];
    /** Its sessions with its upstreams. */
    readonly upstreamSessions: UpstreamSession[];
    readonly ast: ast.Router;
}

export interface ModelLoadBalancer extends ModelHostBase {
    readonly kind: 'loadbalancer';
    /** `frontend` lines of the block itself (LANGUAGE-V2 §9): HAProxy bound to the host's own addresses. */
    readonly frontends: ModelFrontend[];
    readonly ast: ast.LoadBalancer;
}

export interface ModelNode extends ModelHostBase {
    readonly kind: 'node';
    readonly role: NodeRole;
    readonly cluster: ModelCluster;
    /** The first `pod-cidr` (v1); {@link podCidrs} has one per family (LANGUAGE-V2 §6). */
    readonly podCidr?: IpPrefix;
    readonly podCidrs: IpPrefix[];
    readonly routerId?: IpAddress;
    /** `labels KEY=VALUE, …` (LANGUAGE-V2 §1), in order; a key given twice keeps its last value. */
    readonly labels: ReadonlyMap<string, string>;
    /** The node's Kubernetes name: its `hostname`, else its bgptopo name. */
    readonly kubernetesName: string;
    readonly ast: ast.Node;
}

export type ModelHost = ModelRouter | ModelLoadBalancer | ModelNode;

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

export type VipMechanism = 'keepalived' | 'kube-vip-bgp' | 'kube-vip-arp';

export interface ModelVipHolder {
    readonly host: ModelHost;
    readonly priority?: number;
    /** Undefined when the holders come from `control-plane of CLUSTER`. */
    readonly ast?: ast.Holder;
}

export interface ModelFrontend {
    readonly port: number;
    readonly cluster?: ModelCluster;
    readonly targetPort: number;
    readonly ast: ast.Frontend;
}

export interface ModelVip {
    readonly name: string;
    readonly address?: IpAddress;
    readonly mechanism?: VipMechanism;
    readonly vrid?: number;
    /** VRRP advertisement interval; keepalived's default is 1 s. */
    readonly advertMs: number;
    readonly holders: ModelVipHolder[];
    /** The VIP's own interface, else its network's, else `defaults interface` (kube-vip bgp: `lo`). */
    readonly interface?: string;
    /** The most specific declared network containing the VIP, if any. */
    readonly network?: ModelNetwork;
    readonly healthCheck?: { readonly port: number; readonly intervalMs: number };
    readonly frontends: ModelFrontend[];
    readonly ast: ast.Vip;
}

export interface ModelCni {
    readonly kind: 'calico' | 'cilium';
    readonly encapsulation?: 'ipip' | 'vxlan' | 'none';
    readonly mtu?: number;
}

export interface ModelCluster {
    readonly name: string;
    /** The first pod network (v1); {@link podNetworks} has one per family (LANGUAGE-V2 §6). */
    readonly podNetwork?: ModelNetwork;
    readonly serviceNetwork?: ModelNetwork;
    /** `pod-network NET [, NET]`: at most one per family, first of each family kept. */
    readonly podNetworks: ModelNetwork[];
    readonly serviceNetworks: ModelNetwork[];
    readonly cni?: ModelCni;
    readonly speakers: ModelSpeaker[];
    readonly nodes: ModelNode[];
    readonly ast: ast.Cluster;
}

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

export interface ModelWireGuardMember {
    readonly host: ModelHost;
    /** The member's address inside the mesh network. */
    readonly address?: ModelAddress;
    /** AllowedIPs other members configure for this peer: its mesh address plus routed VIPs and prefixes. */
    readonly allowedIps: IpPrefix[];
}

export interface ModelWireGuardRoute {
    readonly prefix?: IpPrefix;
    readonly target?: ModelVip | ModelNetwork;
    /**
     * The members whose AllowedIPs carry it: the explicit `via`, else the VIP's holders, else the members
     * with an address inside the network or prefix. WireGuard gives a prefix to one peer only, so anything
     * but exactly one carrier is a diagnostic.
     */
    readonly carriers: ModelHost[];
    readonly ast: ast.WgRoute;
}

export interface ModelWireGuard {
    readonly name: string;
    readonly network?: ModelNetwork;
    readonly listenPort: number;
    readonly members: ModelWireGuardMember[];
    readonly routes: ModelWireGuardRoute[];
    readonly persistentKeepaliveSeconds?: number;
    readonly ast: ast.WireGuard;
}

export interface ModelDefaults {
    readonly sshUser: string;
    readonly sshPort: number;
    /** `defaults { ssh user … }` / `ssh port …` are written in the file (else root / 22 apply). */
    readonly sshUserStated: boolean;
    readonly sshPortStated: boolean;
    readonly identity?: string;
    readonly knownHosts?: string;
    readonly jump?: SshEndpoint;
    readonly interface?: string;
}

export interface TopologyModel {
    readonly name: string;
    readonly defaults: ModelDefaults;
    readonly networks: ModelNetwork[];
    readonly routers: ModelRouter[];
    readonly loadBalancers: ModelLoadBalancer[];
    readonly nodes: ModelNode[];
    /** Routers, load balancers and nodes, in declaration order. */
    readonly hosts: ModelHost[];
    readonly vips: ModelVip[];
    readonly clusters: ModelCluster[];
    readonly speakers: ModelSpeaker[];
    readonly sessions: BgpSession[];
    /** Router-to-router sessions (LANGUAGE-V2 §4), in file order of their first declaration. */
    readonly routerSessions: RouterSession[];
    /** Router pairs whose declarations form no session of any family (`peer-no-path` on the line). */
    readonly routerSessionGaps: ModelRouterNeighbor[][];
    readonly upstreamSessions: UpstreamSession[];
    /**
     * (group, node, router, family) combinations the group asks for but that cannot form a session: the node or
     * the router has no address of the family (LANGUAGE-V2 §6 `family-no-session`).
     */
    readonly sessionGaps: SessionGap[];
    readonly wireguards: ModelWireGuard[];
    readonly alerts: AlertGroup[];
    readonly ast: ast.Topology;
}

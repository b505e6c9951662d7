/**
 * The typed topology model: what the renderers, the deployer and the verifier work from. It is lowered
 * from the AST by `lowerTopology` with every default applied and every derived fact (network membership,
 * BGP sessions, VIP interfaces, WireGuard AllowedIPs) computed once. Each element keeps its AST node so
 * that any finding, at edit time or against the live network, can be shown on the line that caused it.
 * Hosts, networks, VIPs, clusters and WireGuard are here; routers' lines and their sessions in
 * topology-model-routers.ts, speakers and their sessions in topology-model-speakers.ts (both re-exported).
 */
import type * as ast from '../language/generated/ast.js';
import type { IpAddress, IpPrefix } from './ip-address.js';
import type { ModelNeighbor, ModelRouterNeighbor, ModelUpstream, RouterSession, UpstreamSession } from './topology-model-routers.js';
import type { BgpSession, ModelBfd, ModelLabelTerm, ModelSpeaker, SessionGap } from './topology-model-speakers.js';

export type * from './topology-model-routers.js';
export type * from './topology-model-speakers.js';

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

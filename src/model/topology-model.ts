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
export type SpeakerKind = 'metallb' | 'cilium-bgp' | 'kube-vip';
export type AlertGroup = 'control-plane' | 'bgp' | 'vip' | 'wireguard';

export interface ModelNetwork {
    readonly name: string;
    readonly prefix?: IpPrefix;
    readonly role: NetworkRole;
    readonly interface?: string;
    readonly ast: ast.Network;
}

export interface ModelAddress {
    readonly address: IpAddress;
    /** The network the address belongs to: its `on` network, else the most specific containing one. */
    readonly network?: ModelNetwork;
    /** The address was declared with `on NETWORK`. */
    readonly explicitNetwork: boolean;
    readonly ast: ast.HostAddress;
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
    readonly neighbors: ModelNeighbor[];
    readonly maximumPaths?: number;
    readonly bfd: boolean;
    /** The BGP sessions derived towards this router, in declaration order. */
    readonly sessions: BgpSession[];
    readonly ast: ast.Router;
}

export interface ModelLoadBalancer extends ModelHostBase {
    readonly kind: 'loadbalancer';
    readonly ast: ast.LoadBalancer;
}

export interface ModelNode extends ModelHostBase {
    readonly kind: 'node';
    readonly role: NodeRole;
    readonly cluster: ModelCluster;
    readonly podCidr?: IpPrefix;
    readonly routerId?: IpAddress;
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
    readonly podNetwork?: ModelNetwork;
    readonly serviceNetwork?: ModelNetwork;
    readonly cni?: ModelCni;
    readonly speakers: ModelSpeaker[];
    readonly nodes: ModelNode[];
    readonly ast: ast.Cluster;
}

export type SourceSelection =
    | { readonly kind: 'primary' }
    | { readonly kind: 'index'; readonly index: number }
    | { readonly kind: 'interface'; readonly interface: string };

/** A prefix a speaker may announce; `exact` means exactly this prefix, else any more-specific one too. */
export interface Announcement {
    readonly prefix: IpPrefix;
    readonly exact: boolean;
    readonly origin: 'pool' | 'vip' | 'pod-cidr' | 'pod-network';
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
    readonly pool?: ModelNetwork;
    readonly advertisePodCidrs: boolean;
    readonly advertisePools: ModelNetwork[];
    readonly vips: ModelVip[];
    readonly ast: ast.Speaker;
}

export type SessionType = 'ebgp' | 'ibgp';

/** One BGP session: a speaker on one node towards one router. */
export interface BgpSession {
    /** A stable key, e.g. `prod/kube-vip/cp1->tor1`. */
    readonly id: string;
    readonly speaker: ModelSpeaker;
    readonly node: ModelNode;
    readonly router: ModelRouter;
    /** The node's address the session is sourced from. */
    readonly source?: ModelAddress;
    /** The router's address the speaker dials. */
    readonly destination?: ModelAddress;
    readonly speakerAsn?: number;
    readonly routerAsn?: number;
    readonly type?: SessionType;
    /** TTL for eBGP multihop when the speaker asks for it. */
    readonly multihop?: number;
    /** Speaker and router share the source address's network. */
    readonly singleHop: boolean;
    /** No shared network and no multihop: the session cannot come up (`peer-no-path`). */
    readonly noPath: boolean;
    /** What this node's speaker may announce on this session. */
    readonly announcements: Announcement[];
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
    readonly wireguards: ModelWireGuard[];
    readonly alerts: AlertGroup[];
    readonly ast: ast.Topology;
}

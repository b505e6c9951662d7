/**
 * Lowers a linked `.bgptopo` AST into the {@link TopologyModel}. It never throws on incomplete input: a
 * value that is missing or malformed is left undefined (the validators report it), so the editor can keep
 * a model, and features built on it, while the user types.
 *
 * The model is read-only to everyone else. Lists that fill in later (a host's VIPs, a router's sessions, a
 * cluster's speakers) are created here, kept in this class's own maps and filled through them, so no
 * model object is ever written through a cast.
 */
import * as ast from '../language/generated/ast.js';
import { parseAsn } from './asn.js';
import { parseDuration } from './duration.js';
import { parseAddress, parsePrefix } from './ip-address.js';
import { PrefixIndex } from './network-index.js';
import { ClusterNodes, labelText, lowerSelector } from './node-selector.js';
import { lowerDefaults, lowerNetwork, offset, onePerFamily, routerId, unbracket, unquote, vipMechanism } from './lowering-values.js';
import { lowerBfd, lowerPeerOptions, lowerSessionOptions } from './peer-options-lowering.js';
import { deriveRouterSessions, deriveUpstreamSessions } from './router-session-derivation.js';
import { lowerAccept, lowerAnnounceItem } from './announce-lowering.js';
import { lowerAdvertisements, speakerPools, type AdvertisementResolver } from './advertisement-lowering.js';
import { deriveSessions } from './session-derivation.js';
import { deriveWireGuardMeshes } from './wireguard-derivation.js';
import type {
    AlertGroup,
    ModelAdvertisement,
    BgpSession,
    ModelPeerGroup,
    ModelSelector,
    ModelAddress,
    ModelAnnounce,
    ModelCluster,
    ModelDefaults,
    ModelFrontend,
    ModelHost,
    ModelLoadBalancer,
    ModelNeighbor,
    ModelNetwork,
    ModelNode,
    ModelRouter,
    ModelRouterNeighbor,
    ModelSpeaker,
    ModelUpstream,
    RouterSession,
    UpstreamSession,
    ModelVip,
    SshEndpoint,
    TopologyModel
} from './topology-model.js';

const DEFAULT_HEALTH_INTERVAL_MS = 5000;
const DEFAULT_ADVERT_MS = 1000;

export function lowerTopology(root: ast.Topology): TopologyModel {
    return new TopologyLowering(root).lower();
}

class TopologyLowering {
    private readonly networks = new Map<ast.Network, ModelNetwork>();
    private readonly hosts = new Map<ast.Router | ast.LoadBalancer | ast.Node, ModelHost>();
    private readonly vips = new Map<ast.Vip, ModelVip>();
    private readonly clusters = new Map<ast.Cluster, ModelCluster>();
    /** The lists of the model that fill in after their owner is created (see the file comment). */
    private readonly heldVips = new Map<ModelHost, ModelVip[]>();
    private readonly routerSessions = new Map<ModelRouter, BgpSession[]>();
    /** A router's `neighbor ROUTER` lines and upstreams (filled once every router exists), and its sessions of both. */
    private readonly routerLines = new Map<ModelRouter, { neighbors: ModelRouterNeighbor[]; upstreams: ModelUpstream[] }>();
    private readonly routerPeerings = new Map<ModelRouter, { routers: RouterSession[]; upstreams: UpstreamSession[] }>();
    /** The `announce` lists of router lines, filled once the VIPs are lowered (an item may name a VIP). */
    private readonly announceLists: Array<{ router: ModelRouter; items: ast.AnnounceItem[]; list: ModelAnnounce[] }> = [];
    private readonly clusterSpeakers = new Map<ModelCluster, ModelSpeaker[]>();
    private readonly clusterNodes = new Map<ModelCluster, ClusterNodes>();
    private readonly networkIndex: PrefixIndex<ModelNetwork>;
    private readonly defaults: ModelDefaults;
    private readonly elements: ast.Topology['elements'];

    constructor(private readonly root: ast.Topology) {
        this.elements = root.elements ?? [];
        this.defaults = lowerDefaults(this.elements.filter(ast.isDefaults));
        for (const network of this.elements.filter(ast.isNetwork)) {
            this.networks.set(network, lowerNetwork(network));
        }
        this.networkIndex = new PrefixIndex(
            [...this.networks.values()].flatMap((network) => (network.prefix ? [{ prefix: network.prefix, item: network }] : []))
        );
    }

    lower(): TopologyModel {
        const elements = this.elements;
        // Clusters and their nodes first: router neighbors, VIP holders and speakers refer to nodes.
        const clusters = elements.filter(ast.isCluster).map((cluster) => this.lowerClusterShell(cluster));
        const nodes = clusters.flatMap((cluster) => cluster.nodes);
        const routers = elements.filter(ast.isRouter).map((router) => this.lowerRouter(router));
        for (const router of routers) {
            this.lowerRouterLines(router);
        }
        const { sessions: routerSessions, gaps: routerSessionGaps } = deriveRouterSessions(routers);
        for (const session of routerSessions) {
            for (const end of session.ends) {
                this.routerPeerings.get(end.router)?.routers.push(session);
            }
        }
        const upstreamSessions = deriveUpstreamSessions(routers);
        for (const session of upstreamSessions) {
            this.routerPeerings.get(session.router)?.upstreams.push(session);
        }
        const loadBalancers = elements.filter(ast.isLoadBalancer).map((lb) => this.lowerLoadBalancer(lb));
        const vips = elements.filter(ast.isVip).map((vip) => this.lowerVip(vip));
        for (const { router, items, list } of this.announceLists) {
            list.push(...items.map((item) => lowerAnnounceItem(item, router, this.announceResolver)));
        }
        const speakers = clusters.flatMap((cluster) => this.lowerSpeakers(cluster));
        const { sessions, gaps: sessionGaps } = deriveSessions(speakers);
        for (const session of sessions) {
            this.routerSessions.get(session.router)?.push(session);
        }
        const hosts: ModelHost[] = [...routers, ...loadBalancers, ...nodes];
        const wireguards = deriveWireGuardMeshes(elements.filter(ast.isWireGuard), {
            hosts,
            network: (node) => this.network(node),
            host: (node) => this.host(node),
            vip: (node) => (node ? this.vips.get(node) : undefined)
        });
        const alerts = elements
            .filter(ast.isMonitoring)
            .flatMap((monitoring) => monitoring.alerts ?? [])
            .filter((alert, index, all) => all.indexOf(alert) === index) as AlertGroup[];
        return {
            name: this.root.name ?? '',
            defaults: this.defaults,
            networks: [...this.networks.values()],
            routers,
            loadBalancers,
            nodes,
            hosts: [...routers, ...loadBalancers, ...nodes].sort((a, b) => offset(a.ast) - offset(b.ast)),
            vips,
            clusters,
            speakers,
            sessions,
            routerSessions,
            routerSessionGaps,
            upstreamSessions,
            sessionGaps,
            wireguards,
            alerts,
            ast: this.root
        };
    }

    private network(node: ast.Network | undefined): ModelNetwork | undefined {
        return node ? this.networks.get(node) : undefined;
    }

    private host(node: ast.Host | undefined): ModelHost | undefined {
        return node ? this.hosts.get(node) : undefined;
    }

    private lowerAddresses(addresses: ast.HostAddress[] | undefined): ModelAddress[] {
        const result: ModelAddress[] = [];
        for (const node of addresses ?? []) {
            const address = node.value ? parseAddress(node.value) : undefined;
            if (!address) {
                continue;
            }
            const declared = this.network(node.network?.ref);
            const network = declared ?? this.networkIndex.mostSpecific(address);
            result.push({ address, network, explicitNetwork: declared !== undefined, ast: node });
        }
        return result;
    }

    private lowerSsh(spec: ast.SshSpec | undefined, addresses: ModelAddress[]): SshEndpoint | undefined {
        const host = spec?.target?.host ? unbracket(unquote(spec.target.host)) : addresses[0]?.address.text;
        if (!host) {
            return undefined;
        }
        return {
            user: spec?.target?.user ? unquote(spec.target.user) : this.defaults.sshUser,
            host,
            port: spec?.target?.port ?? this.defaults.sshPort,
            identity: this.defaults.identity,
            knownHosts: this.defaults.knownHosts,
            jump: this.defaults.jump,
            stated: {
                user: spec?.target?.user !== undefined || this.defaults.sshUserStated,
                port: spec?.target?.port !== undefined || this.defaults.sshPortStated
            }
        };
    }

    /** Registers a lowered host by its AST node, and its VIP list (filled when the VIPs are lowered). */
    private register(host: ModelHost): void {
        this.heldVips.set(host, host.vips);
        this.hosts.set(host.ast, host);
    }

    private lowerRouter(node: ast.Router): ModelRouter {
        const addresses = this.lowerAddresses(node.addresses);
        const sessions: BgpSession[] = [];
        const lines = { neighbors: [] as ModelRouterNeighbor[], upstreams: [] as ModelUpstream[] };
        const peerings = { routers: [] as RouterSession[], upstreams: [] as UpstreamSession[] };
        const loopbacks: ModelAddress[] = (node.loopbacks ?? []).flatMap((text) => {
            const address = parseAddress(text);
            return address ? [{ address, network: undefined, explicitNetwork: false, ast: node }] : [];
        });
        const bfdProfile = lowerBfd(node.bfd);
        const router: ModelRouter = {
            name: node.name ?? '',
            kind: 'router',
            addresses,
            ssh: this.lowerSsh(node.ssh, addresses),
            vips: [],
            asn: node.asn !== undefined ? parseAsn(String(node.asn)) : undefined,
            // §4: an IPv4 loopback is the default router-id.
            routerId: routerId(node.routerId, [...loopbacks, ...addresses]),
            neighbors: (node.neighbors ?? []).flatMap((neighbor) => (ast.isRouter(neighbor.target?.ref) ? [] : [this.lowerNeighbor(neighbor)])),
            routerNeighbors: lines.neighbors,
            upstreams: lines.upstreams,
            routeReflector: node.routeReflector ? { clusterId: node.routeReflector.clusterId ? parseAddress(node.routeReflector.clusterId) : undefined } : undefined,
            gracefulRestart: node.gracefulRestart
                ? { restartTimeMs: node.gracefulRestart.restartTime ? parseDuration(node.gracefulRestart.restartTime) : undefined }
                : undefined,
            maximumPaths: node.maximumPaths,
            bfd: node.bfd !== undefined,
            bfdProfile: bfdProfile && (bfdProfile.receiveMs ?? bfdProfile.transmitMs ?? bfdProfile.multiplier) !== undefined ? bfdProfile : undefined,
            loopbacks,
            listenPort: node.listenPort,
            sessions,
            routerSessions: peerings.routers,
            upstreamSessions: peerings.upstreams,
            ast: node
        };
        this.routerSessions.set(router, sessions);
        this.routerLines.set(router, lines);
        this.routerPeerings.set(router, peerings);
        this.register(router);
        return router;
    }

    /** Its `neighbor ROUTER` lines and upstreams, once every router is lowered. */
    private lowerRouterLines(router: ModelRouter): void {
        const lines = this.routerLines.get(router);
        if (!lines) {
            return;
        }
        for (const node of router.ast.neighbors ?? []) {
            const peer = ast.isRouter(node.target?.ref) ? this.host(node.target.ref) : undefined;
            if (peer?.kind !== 'router') {
                continue;
            }
            lines.neighbors.push({
                router,
                peer,
                options: lowerSessionOptions(node),
                toLoopback: node.toLoopback ?? false,
                unnumbered: node.unnumbered ? unquote(node.unnumbered) : undefined,
                nextHopSelf: node.nextHopSelf ?? false,
                announce: this.announceList(router, node.announce),
                ast: node
            });
        }
        for (const node of router.ast.upstreams ?? []) {
            const address = node.address ? parseAddress(node.address) : undefined;
            lines.upstreams.push({
                router,
                address,
                asn: node.asn !== undefined ? parseAsn(String(node.asn)) : undefined,
                options: lowerSessionOptions(node),
                announce: this.announceList(router, node.announce),
                accept: lowerAccept(node.accept, address?.family),
                ast: node
            });
        }
    }

    /** An `announce` list, filled once the VIPs are lowered. */
    private announceList(router: ModelRouter, items: ast.AnnounceItem[] | undefined): ModelAnnounce[] {
        const list: ModelAnnounce[] = [];
        this.announceLists.push({ router, items: items ?? [], list });
        return list;
    }

    private readonly announceResolver = {
        network: (node: ast.Network | undefined) => this.network(node),
        vip: (node: ast.Vip | undefined) => (node ? this.vips.get(node) : undefined),
        cluster: (node: ast.Cluster | undefined) => (node ? this.clusters.get(node) : undefined)
    };

    private lowerNeighbor(node: ast.Neighbor): ModelNeighbor {
        const host = this.host(node.target?.ref);
        return {
            node: host?.kind === 'node' ? host : undefined,
            prefix: node.prefix ? parsePrefix(node.prefix) : undefined,
            remoteAs: node.asn !== undefined ? parseAsn(String(node.asn)) : (node.kind as 'external' | 'internal' | undefined),
            ast: node
        };
    }

    private lowerLoadBalancer(node: ast.LoadBalancer): ModelLoadBalancer {
        const addresses = this.lowerAddresses(node.addresses);
        const lb: ModelLoadBalancer = {
            name: node.name ?? '',
            kind: 'loadbalancer',
            addresses,
            ssh: this.lowerSsh(node.ssh, addresses),
            vips: [],
            frontends: (node.frontends ?? []).map((frontend) => this.lowerFrontend(frontend)),
            ast: node
        };
        this.register(lb);
        return lb;
    }

    /** Clusters and their nodes first: VIPs and neighbors refer to nodes. Speakers come later. */
    private lowerClusterShell(node: ast.Cluster): ModelCluster {
        const nodes: ModelNode[] = [];
        const speakers: ModelSpeaker[] = [];
        const podNetworks = onePerFamily((node.podNetworks ?? []).flatMap((ref) => this.network(ref.ref) ?? []), (network) => network.prefix?.family);
        const serviceNetworks = onePerFamily((node.serviceNetworks ?? []).flatMap((ref) => this.network(ref.ref) ?? []), (network) => network.prefix?.family);
        const cluster: ModelCluster = {
            name: node.name ?? '',
            podNetwork: podNetworks[0],
            serviceNetwork: serviceNetworks[0],
            podNetworks,
            serviceNetworks,
            cni: node.cni?.kind
                ? {
                      kind: node.cni.kind as 'calico' | 'cilium',
                      encapsulation: node.cni.encapsulation as 'ipip' | 'vxlan' | 'none' | undefined,
                      mtu: node.cni.mtu
                  }
                : undefined,
            speakers,
            nodes,
            ast: node
        };
        this.clusterSpeakers.set(cluster, speakers);
        for (const nodeAst of node.nodes ?? []) {
            const addresses = this.lowerAddresses(nodeAst.addresses);
            const podCidrs = onePerFamily((nodeAst.podCidrs ?? []).flatMap((text) => parsePrefix(text) ?? []), (prefix) => prefix.family);
            const modelNode: ModelNode = {
                name: nodeAst.name ?? '',
                kind: 'node',
                role: nodeAst.role === 'worker' ? 'worker' : 'control-plane',
                cluster,
                addresses,
                ssh: this.lowerSsh(nodeAst.ssh, addresses),
                vips: [],
                podCidr: podCidrs[0],
                podCidrs,
                routerId: routerId(nodeAst.routerId, addresses),
                labels: new Map((nodeAst.labels ?? []).map((label) => [labelText(label.key), labelText(label.value)])),
                kubernetesName: nodeAst.hostname ? unquote(nodeAst.hostname) : (nodeAst.name ?? ''),
                ast: nodeAst
            };
            this.register(modelNode);
            nodes.push(modelNode);
        }
        this.clusters.set(node, cluster);
        return cluster;
    }

    private lowerVip(node: ast.Vip): ModelVip {
        const address = node.address ? parseAddress(node.address) : undefined;
        const mechanism = vipMechanism(node.mechanism);
        const holders = this.lowerHolders(node.holders);
        const network = address ? this.networkIndex.mostSpecific(address) : undefined;
        const vip: ModelVip = {
            name: node.name ?? '',
            address,
            mechanism,
            vrid: node.vrid,
            advertMs: (node.advert ? parseDuration(node.advert) : undefined) ?? DEFAULT_ADVERT_MS,
            holders,
            interface:
                (node.interface ? unquote(node.interface) : undefined) ??
                (mechanism === 'kube-vip-bgp' ? 'lo' : (network?.interface ?? this.defaults.interface)),
            network,
            healthCheck:
                node.healthCheck?.port !== undefined
                    ? {
                          port: node.healthCheck.port,
                          intervalMs:
                              (node.healthCheck.interval ? parseDuration(node.healthCheck.interval) : undefined) ??
                              DEFAULT_HEALTH_INTERVAL_MS
                      }
                    : undefined,
            frontends: (node.frontends ?? []).map((frontend) => this.lowerFrontend(frontend)),
            ast: node
        };
        for (const holder of holders) {
            this.heldVips.get(holder.host)?.push(vip);
        }
        this.vips.set(node, vip);
        return vip;
    }

    private lowerFrontend(frontend: ast.Frontend): ModelFrontend {
        return {
            port: frontend.port,
            cluster: frontend.cluster?.ref ? this.clusters.get(frontend.cluster.ref) : undefined,
            targetPort: frontend.targetPort,
            ast: frontend
        };
    }

    private lowerHolders(list: ast.HolderList | undefined): ModelVip['holders'] {
        if (!list) {
            return [];
        }
        if (list.controlPlaneOf) {
            const cluster = list.cluster?.ref ? this.clusters.get(list.cluster.ref) : undefined;
            return (cluster?.nodes ?? []).filter((node) => node.role === 'control-plane').map((host) => ({ host }));
        }
        return (list.entries ?? []).flatMap((entry) => {
            const host = this.host(entry.host?.ref);
            return host ? [{ host, priority: entry.priority, ast: entry }] : [];
        });
    }

    private lowerSpeakers(cluster: ModelCluster): ModelSpeaker[] {
        const speakers: ModelSpeaker[] = [];
        const resolve: AdvertisementResolver = {
            network: (ref) => this.network(ref),
            vip: (ref) => (ref ? this.vips.get(ref) : undefined),
            router: (ref) => {
                const host = this.host(ref);
                return host?.kind === 'router' ? host : undefined;
            },
            selector: (selector) => this.lowerSelectorOf(selector, cluster)
        };
        for (const node of cluster.ast.speakers ?? []) {
            const vips: ModelVip[] = [];
            if (ast.isKubeVipSpeaker(node) && node.vip?.ref && this.vips.has(node.vip.ref)) {
                vips.push(this.vips.get(node.vip.ref)!);
            }
            for (const item of ast.isKubeVipSpeaker(node) ? [] : (node.advertise ?? [])) {
                if (item.kind === 'vip' && item.vip?.ref && this.vips.has(item.vip.ref)) {
                    vips.push(this.vips.get(item.vip.ref)!);
                }
            }
            const selector = node.speakerSet?.selector ? this.lowerSelectorOf(node.speakerSet.selector, cluster) : undefined;
            const options = lowerPeerOptions(node, undefined);
            const groups: ModelPeerGroup[] = [];
            const peers: ModelRouter[] = [];
            const advertisements: ModelAdvertisement[] = [];
            const servicesNodes = this.speakerNodes(node, cluster, selector);
            const speaker: ModelSpeaker = {
                kind: node.kind as ModelSpeaker['kind'],
                cluster,
                asn: options.asn,
                peers,
                nodes: ast.isKubeVipSpeaker(node) ? withHolders(servicesNodes, vips, cluster) : servicesNodes,
                source: options.source,
                multihop: options.multihop,
                passwordSecret: options.passwordSecret,
                literalPassword: options.literalPassword,
                bfd: options.bfd !== undefined,
                holdMs: options.holdMs,
                keepaliveMs: options.keepaliveMs,
                pools: speakerPools(node, resolve),
                servicesPool: ast.isKubeVipSpeaker(node) ? this.network(node.servicesPool?.ref) : undefined,
                servicesNodes,
                advertisements,
                vips,
                selector,
                options,
                groups,
                nodeMesh: ast.isCalicoSpeaker(node) ? node.nodeMesh !== 'off' : undefined,
                ast: node
            };
            groups.push(...this.lowerGroups(speaker, node));
            peers.push(...new Set(groups.flatMap((group) => group.routers)));
            advertisements.push(...lowerAdvertisements(speaker, node, resolve));
            speakers.push(speaker);
            this.clusterSpeakers.get(cluster)?.push(speaker);
        }
        return speakers;
    }

    /** Where a block runs: its `speakers` selector, else all nodes (kube-vip: the control plane). */
    private speakerNodes(node: ast.Speaker, cluster: ModelCluster, selector: ModelSelector | undefined): ModelNode[] {
        if (selector) {
            return selector.matched;
        }
        return node.kind === 'kube-vip' ? cluster.nodes.filter((n) => n.role === 'control-plane') : cluster.nodes;
    }

    private lowerSelectorOf(selector: ast.Selector, cluster: ModelCluster): ModelSelector {
        let nodes = this.clusterNodes.get(cluster);
        if (!nodes) {
            nodes = new ClusterNodes(cluster.nodes);
            this.clusterNodes.set(cluster, nodes);
        }
        return lowerSelector(selector, nodes, (ref) => {
            const host = this.host(ref);
            return host?.kind === 'node' && host.cluster === cluster ? host : undefined;
        });
    }

    /** The block's v1 `peers` line(s) as one group without options of its own, and each `peer` group, in file order. */
    private lowerGroups(speaker: ModelSpeaker, node: ast.Speaker): ModelPeerGroup[] {
        const routersOf = (refs: Array<{ ref?: ast.Router }> | undefined): ModelRouter[] =>
            (refs ?? []).flatMap((ref) => {
                const host = this.host(ref.ref);
                return host?.kind === 'router' ? [host] : [];
            });
        const entries: Array<{ offset: number; make: (index: number) => ModelPeerGroup }> = [];
        if ((node.peers ?? []).length > 0) {
            entries.push({
                offset: node.peers[0].$refNode?.offset ?? 0,
                make: (index) => ({ speaker, index, routers: routersOf(node.peers), nodes: speaker.nodes, options: speaker.options })
            });
        }
        for (const group of node.groups ?? []) {
            entries.push({
                offset: group.$cstNode?.offset ?? 0,
                make: (index) => {
                    const selector = group.speakerSet?.selector ? this.lowerSelectorOf(group.speakerSet.selector, speaker.cluster) : undefined;
                    // Both lists are in cluster order; the block's nodes are the whole cluster unless it sets `speakers`.
                    const within = speaker.nodes === speaker.cluster.nodes ? undefined : new Set(speaker.nodes);
                    return {
                        speaker,
                        index,
                        routers: routersOf(group.routers),
                        selector,
                        nodes: selector ? (within ? selector.matched.filter((member) => within.has(member)) : selector.matched) : speaker.nodes,
                        options: lowerPeerOptions(group, speaker.options),
                        ast: group
                    };
                }
            });
        }
        return entries.sort((a, b) => a.offset - b.offset).map((entry, index) => entry.make(index));
    }

}

/**
 * kube-vip runs one process per node (LANGUAGE-V2 §2, §9): the holders of its control-plane VIPs always speak (their
 * static pod), whether or not the block's `speakers` names them; the others are the services DaemonSet's nodes.
 */
function withHolders(nodes: ModelNode[], vips: ModelVip[], cluster: ModelCluster): ModelNode[] {
    const chosen = new Set<ModelNode>(nodes);
    for (const vip of vips) {
        for (const holder of vip.holders) {
            if (holder.host.kind === 'node' && holder.host.cluster === cluster) {
                chosen.add(holder.host);
            }
        }
    }
    return cluster.nodes.filter((member) => chosen.has(member));
}

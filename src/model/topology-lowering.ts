/**
 * Lowers a linked `.bgptopo` AST into the {@link TopologyModel}. It never throws on incomplete input: a
 * value that is missing or malformed is left undefined (the validators report it), so the editor can keep
 * a model, and features built on it, while the user types.
 *
 * This file orders the lowering (clusters and their nodes, routers, router lines and sessions, load balancers, VIPs,
 * announce lists, speakers and their sessions, WireGuard, alerts) and is the {@link LoweringScope} the lowering of
 * each kind reads: hosts in host-lowering.ts, clusters in cluster-lowering.ts, VIPs in vip-lowering.ts, speakers in
 * speaker-lowering.ts.
 *
 * The model is read-only to everyone else. Lists that fill in later (a host's VIPs, a router's sessions, a
 * cluster's speakers) are created by the lowering of their owner, returned with it, kept in this class's own maps
 * and filled through them, so no model object is ever written through a cast.
 */
import * as ast from '../language/generated/ast.js';
import { lowerAnnounceItem } from './announce-lowering.js';
import { lowerClusterShell } from './cluster-lowering.js';
import { lowerLoadBalancer, lowerRouter, lowerRouterLines, type RouterLines } from './host-lowering.js';
import type { LoweringScope } from './lowering-scope.js';
import { lowerDefaults, lowerNetwork, offset } from './lowering-values.js';
import { PrefixIndex } from './network-index.js';
import { ClusterNodes, lowerSelector } from './node-selector.js';
import { deriveRouterSessions, deriveUpstreamSessions } from './router-session-derivation.js';
import { deriveSessions } from './session-derivation.js';
import { lowerSpeakers } from './speaker-lowering.js';
import { lowerVip } from './vip-lowering.js';
import { deriveWireGuardMeshes } from './wireguard-derivation.js';
import type {
    AlertGroup,
    BgpSession,
    ModelAnnounce,
    ModelCluster,
    ModelDefaults,
    ModelHost,
    ModelNetwork,
    ModelRouter,
    ModelSelector,
    ModelSpeaker,
    ModelVip,
    RouterSession,
    TopologyModel,
    UpstreamSession
} from './topology-model.js';

export function lowerTopology(root: ast.Topology): TopologyModel {
    return new TopologyLowering(root).lower();
}

class TopologyLowering implements LoweringScope {
    private readonly networks = new Map<ast.Network, ModelNetwork>();
    private readonly hosts = new Map<ast.Router | ast.LoadBalancer | ast.Node, ModelHost>();
    private readonly vips = new Map<ast.Vip, ModelVip>();
    private readonly clusters = new Map<ast.Cluster, ModelCluster>();
    /** The lists of the model that fill in after their owner is created (see the file comment). */
    private readonly heldVips = new Map<ModelHost, ModelVip[]>();
    private readonly routerSessions = new Map<ModelRouter, BgpSession[]>();
    /** A router's `neighbor ROUTER` lines and upstreams (filled once every router exists), and its sessions of both. */
    private readonly routerLines = new Map<ModelRouter, RouterLines>();
    private readonly routerPeerings = new Map<ModelRouter, { routers: RouterSession[]; upstreams: UpstreamSession[] }>();
    /** The `announce` lists of router lines, filled once the VIPs are lowered (an item may name a VIP). */
    private readonly announceLists: Array<{ router: ModelRouter; items: ast.AnnounceItem[]; list: ModelAnnounce[] }> = [];
    private readonly clusterSpeakers = new Map<ModelCluster, ModelSpeaker[]>();
    private readonly clusterNodes = new Map<ModelCluster, ClusterNodes>();
    readonly networkIndex: PrefixIndex<ModelNetwork>;
    readonly defaults: ModelDefaults;
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
        const clusters = elements.filter(ast.isCluster).map((cluster) => this.addCluster(cluster));
        const nodes = clusters.flatMap((cluster) => cluster.nodes);
        const routers = elements.filter(ast.isRouter).map((router) => this.addRouter(router));
        for (const router of routers) {
            const lines = this.routerLines.get(router);
            if (lines) {
                lowerRouterLines(this, router, lines);
            }
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
        const loadBalancers = elements.filter(ast.isLoadBalancer).map((node) => {
            const lb = lowerLoadBalancer(this, node);
            this.register(lb);
            return lb;
        });
        const vips = elements.filter(ast.isVip).map((vip) => this.addVip(vip));
        for (const { router, items, list } of this.announceLists) {
            list.push(...items.map((item) => lowerAnnounceItem(item, router, this.announceResolver)));
        }
        const speakers = clusters.flatMap((cluster) => {
            const own = lowerSpeakers(this, cluster);
            this.clusterSpeakers.get(cluster)?.push(...own);
            return own;
        });
        const { sessions, gaps: sessionGaps } = deriveSessions(speakers);
        for (const session of sessions) {
            this.routerSessions.get(session.router)?.push(session);
        }
        const hosts: ModelHost[] = [...routers, ...loadBalancers, ...nodes];
        const wireguards = deriveWireGuardMeshes(elements.filter(ast.isWireGuard), {
            hosts,
            network: (node) => this.network(node),
            host: (node) => this.host(node),
            vip: (node) => this.vip(node)
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

    network(node: ast.Network | undefined): ModelNetwork | undefined {
        return node ? this.networks.get(node) : undefined;
    }

    host(node: ast.Host | undefined): ModelHost | undefined {
        return node ? this.hosts.get(node) : undefined;
    }

    vip(node: ast.Vip | undefined): ModelVip | undefined {
        return node ? this.vips.get(node) : undefined;
    }

    cluster(node: ast.Cluster | undefined): ModelCluster | undefined {
        return node ? this.clusters.get(node) : undefined;
    }

    selector(selector: ast.Selector, cluster: ModelCluster): ModelSelector {
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

    announceList(router: ModelRouter, items: ast.AnnounceItem[] | undefined): ModelAnnounce[] {
        const list: ModelAnnounce[] = [];
        this.announceLists.push({ router, items: items ?? [], list });
        return list;
    }

    private readonly announceResolver = {
        network: (node: ast.Network | undefined) => this.network(node),
        vip: (node: ast.Vip | undefined) => this.vip(node),
        cluster: (node: ast.Cluster | undefined) => this.cluster(node)
    };

    /** Registers a lowered host by its AST node, and its VIP list (filled when the VIPs are lowered). */
    private register(host: ModelHost): void {
        this.heldVips.set(host, host.vips);
        this.hosts.set(host.ast, host);
    }

    /** A cluster and its nodes; its speaker list fills in later. */
    private addCluster(node: ast.Cluster): ModelCluster {
        const { cluster, speakers } = lowerClusterShell(this, node);
        this.clusterSpeakers.set(cluster, speakers);
        for (const member of cluster.nodes) {
            this.register(member);
        }
        this.clusters.set(node, cluster);
        return cluster;
    }

    /** A router; its sessions, router lines and peerings fill in later. */
    private addRouter(node: ast.Router): ModelRouter {
        const { router, sessions, lines, peerings } = lowerRouter(this, node);
        this.routerSessions.set(router, sessions);
        this.routerLines.set(router, lines);
        this.routerPeerings.set(router, peerings);
        this.register(router);
        return router;
    }

    /** A VIP, listed among its holders' VIPs. */
    private addVip(node: ast.Vip): ModelVip {
        const vip = lowerVip(this, node);
        for (const holder of vip.holders) {
            this.heldVips.get(holder.host)?.push(vip);
        }
        this.vips.set(node, vip);
        return vip;
    }
}

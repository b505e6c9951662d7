/**
 * Lowers the hosts that are not cluster nodes: routers (their `neighbor NODE|PREFIX` lines at once, their `neighbor
 * ROUTER` lines and upstreams once every router exists) and load balancers with their frontends; and, for every host,
 * its addresses (each on its stated network, else the most specific one) and its SSH endpoint (the defaults fill in).
 * A router's lists that fill in later (sessions, router lines, peerings) are returned with it, for the lowering to keep.
 */
import * as ast from '../language/generated/ast.js';
import { lowerAccept } from './announce-lowering.js';
import { parseAsn } from './asn.js';
import { parseDuration } from './duration.js';
import { parseAddress, parsePrefix } from './ip-address.js';
import type { LoweringScope } from './lowering-scope.js';
import { routerId, unbracket, unquote } from './lowering-values.js';
import { lowerBfd, lowerSessionOptions } from './peer-options-lowering.js';
import type {
    BgpSession,
    ModelAddress,
    ModelFrontend,
    ModelLoadBalancer,
    ModelNeighbor,
    ModelRouter,
    ModelRouterNeighbor,
    ModelUpstream,
    RouterSession,
    SshEndpoint,
    UpstreamSession
} from './topology-model.js';

/** A router's `neighbor ROUTER` lines and upstreams (filled once every router exists). */
export interface RouterLines {
    readonly neighbors: ModelRouterNeighbor[];
    readonly upstreams: ModelUpstream[];
}

/** A lowered router and its lists that fill in later: its speaker sessions, its lines, its sessions of both. */
interface LoweredRouter {
    readonly router: ModelRouter;
    readonly sessions: BgpSession[];
    readonly lines: RouterLines;
    readonly peerings: { routers: RouterSession[]; upstreams: UpstreamSession[] };
}

export function lowerAddresses(scope: LoweringScope, addresses: ast.HostAddress[] | undefined): ModelAddress[] {
    const result: ModelAddress[] = [];
    for (const node of addresses ?? []) {
        const address = node.value ? parseAddress(node.value) : undefined;
        if (!address) {
            continue;
        }
        const declared = scope.network(node.network?.ref);
        const network = declared ?? scope.networkIndex.mostSpecific(address);
        result.push({ address, network, explicitNetwork: declared !== undefined, ast: node });
    }
    return result;
}

export function lowerSsh(scope: LoweringScope, spec: ast.SshSpec | undefined, addresses: ModelAddress[]): SshEndpoint | undefined {
    const defaults = scope.defaults;
    const host = spec?.target?.host ? unbracket(unquote(spec.target.host)) : addresses[0]?.address.text;
    if (!host) {
        return undefined;
    }
    return {
        user: spec?.target?.user ? unquote(spec.target.user) : defaults.sshUser,
        host,
        port: spec?.target?.port ?? defaults.sshPort,
        identity: defaults.identity,
        knownHosts: defaults.knownHosts,
        jump: defaults.jump,
        stated: {
            user: spec?.target?.user !== undefined || defaults.sshUserStated,
            port: spec?.target?.port !== undefined || defaults.sshPortStated
        }
    };
}

export function lowerRouter(scope: LoweringScope, node: ast.Router): LoweredRouter {
    const addresses = lowerAddresses(scope, node.addresses);
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
        ssh: lowerSsh(scope, node.ssh, addresses),
        vips: [],
        asn: node.asn !== undefined ? parseAsn(String(node.asn)) : undefined,
        // §4: an IPv4 loopback is the default router-id.
        routerId: routerId(node.routerId, [...loopbacks, ...addresses]),
        neighbors: (node.neighbors ?? []).flatMap((neighbor) => (ast.isRouter(neighbor.target?.ref) ? [] : [lowerNeighbor(scope, neighbor)])),
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
    return { router, sessions, lines, peerings };
}

/** Its `neighbor ROUTER` lines and upstreams, once every router is lowered. */
export function lowerRouterLines(scope: LoweringScope, router: ModelRouter, lines: RouterLines): void {
    for (const node of router.ast.neighbors ?? []) {
        const peer = ast.isRouter(node.target?.ref) ? scope.host(node.target.ref) : undefined;
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
            announce: scope.announceList(router, node.announce),
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
            announce: scope.announceList(router, node.announce),
            accept: lowerAccept(node.accept, address?.family),
            ast: node
        });
    }
}

function lowerNeighbor(scope: LoweringScope, node: ast.Neighbor): ModelNeighbor {
    const host = scope.host(node.target?.ref);
    return {
        node: host?.kind === 'node' ? host : undefined,
        prefix: node.prefix ? parsePrefix(node.prefix) : undefined,
        remoteAs: node.asn !== undefined ? parseAsn(String(node.asn)) : (node.kind as 'external' | 'internal' | undefined),
        ast: node
    };
}

export function lowerLoadBalancer(scope: LoweringScope, node: ast.LoadBalancer): ModelLoadBalancer {
    const addresses = lowerAddresses(scope, node.addresses);
    return {
        name: node.name ?? '',
        kind: 'loadbalancer',
        addresses,
        ssh: lowerSsh(scope, node.ssh, addresses),
        vips: [],
        frontends: (node.frontends ?? []).map((frontend) => lowerFrontend(scope, frontend)),
        ast: node
    };
}

export function lowerFrontend(scope: LoweringScope, frontend: ast.Frontend): ModelFrontend {
    return {
        port: frontend.port,
        cluster: scope.cluster(frontend.cluster?.ref),
        targetPort: frontend.targetPort,
        ast: frontend
    };
}

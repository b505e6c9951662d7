/**
 * Derives each WireGuard mesh: its members with their mesh addresses, the extra routes and which member
 * carries each, and the AllowedIPs every peer entry gets.
 */
import type * as ast from '../language/generated/ast.js';
import { durationSeconds, parseDuration } from './duration.js';
import { hostPrefix, parsePrefix, prefixContains, prefixCovers, type IpPrefix } from './ip-address.js';
import type { ModelHost, ModelNetwork, ModelVip, ModelWireGuard, ModelWireGuardRoute } from './topology-model.js';

const DEFAULT_LISTEN_PORT = 51820;

export interface WireGuardLookups {
    readonly hosts: ModelHost[];
    network(node: ast.Network | undefined): ModelNetwork | undefined;
    host(node: ast.Host | undefined): ModelHost | undefined;
    vip(node: ast.Vip | undefined): ModelVip | undefined;
}

export function deriveWireGuardMeshes(nodes: ast.WireGuard[], lookups: WireGuardLookups): ModelWireGuard[] {
    return nodes.map((node) => deriveMesh(node, lookups));
}

function deriveMesh(node: ast.WireGuard, lookups: WireGuardLookups): ModelWireGuard {
    const network = lookups.network(node.network?.ref);
    const memberHosts = node.allMembers
        ? lookups.hosts
        : [...new Set((node.members ?? []).flatMap((ref) => lookups.host(ref.ref) ?? []))];
    const routes = (node.routes ?? []).map((route) => deriveRoute(route, memberHosts, lookups));
    const members = memberHosts.map((host) => {
        const address = host.addresses.find(
            (entry) => entry.network === network || (network?.prefix !== undefined && prefixContains(network.prefix, entry.address))
        );
        const allowedIps: IpPrefix[] = address ? [hostPrefix(address.address)] : [];
        for (const route of routes) {
            if (route.prefix && route.carriers.includes(host) && !allowedIps.some((p) => p.text === route.prefix!.text)) {
                allowedIps.push(route.prefix);
            }
        }
        return { host, address, allowedIps };
    });
    const keepalive = node.persistentKeepalive;
    return {
        name: node.name ?? '',
        network,
        listenPort: node.listenPort ?? DEFAULT_LISTEN_PORT,
        members,
        routes,
        persistentKeepaliveSeconds: keepalive ? durationSeconds(parseDuration(keepalive) ?? 0) : undefined,
        ast: node
    };
}

function deriveRoute(route: ast.WgRoute, members: ModelHost[], lookups: WireGuardLookups): ModelWireGuardRoute {
    const targetNode = route.target?.ref;
    const vip = targetNode && targetNode.$type === 'Vip' ? lookups.vip(targetNode as ast.Vip) : undefined;
    const network = targetNode && targetNode.$type === 'Network' ? lookups.network(targetNode as ast.Network) : undefined;
    const prefix = vip?.address ? hostPrefix(vip.address) : (network?.prefix ?? (route.prefix ? parsePrefix(route.prefix) : undefined));
    const via = lookups.host(route.via?.ref);
    let carriers: ModelHost[];
    if (via) {
        carriers = [via];
    } else if (vip) {
        carriers = vip.holders.map((holder) => holder.host).filter((host) => members.includes(host));
    } else if (prefix) {
        carriers = members.filter((host) =>
            host.addresses.some((entry) => prefixContains(prefix, entry.address) || (entry.network?.prefix && prefixCovers(prefix, entry.network.prefix)))
        );
    } else {
        carriers = [];
    }
    return { prefix, target: vip ?? network, carriers, ast: route };
}

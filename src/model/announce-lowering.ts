/**
 * Lowers the ANNOUNCE items and `accept` of `neighbor ROUTER` and `upstream` lines (LANGUAGE-V2 §4) into the
 * prefixes they stand for, per family:
 * - `pool NET`: the pool's prefix, as learned (it or anything more specific); with `aggregate`, exactly the prefix,
 *   originated by `aggregate-address …` (no `summary-only`: the exact export lists keep its more-specifics from an
 *   upstream, and the fabric keeps carrying them, issue 17);
 * - `vip NAME`: its host route, learned from the speakers that announce it (a keepalived VIP on the router itself is
 *   no /32 route: keepalived puts it on the interface with its network's length, so FRR 8.4's RIB holds only the
 *   connected subnet, and a `network VIP/32` would never pass bgpd's import check);
 * - `pod-network CLUSTER`: the cluster's pod networks as learned, else its nodes' `pod-cidr`s exactly;
 * - `network NET`: the network's prefix, exactly, as a connected route of the router;
 * - `loopback`: the router's loopbacks, exactly.
 */
import type * as ast from '../language/generated/ast.js';
import { hostPrefix, parsePrefix, type IpFamily } from './ip-address.js';
import type { AnnouncedPrefix, ModelAccept, ModelAnnounce, ModelCluster, ModelNetwork, ModelRouter, ModelVip } from './topology-model.js';

export interface AnnounceResolver {
    network(node: ast.Network | undefined): ModelNetwork | undefined;
    vip(node: ast.Vip | undefined): ModelVip | undefined;
    cluster(node: ast.Cluster | undefined): ModelCluster | undefined;
}

export function lowerAnnounceItem(item: ast.AnnounceItem, router: ModelRouter, resolve: AnnounceResolver): ModelAnnounce {
    const kind = item.kind as ModelAnnounce['kind'];
    const network = kind === 'pool' || kind === 'network' ? resolve.network(item.network?.ref) : undefined;
    const vip = kind === 'vip' ? resolve.vip(item.vip?.ref) : undefined;
    const cluster = kind === 'pod-network' ? resolve.cluster(item.cluster?.ref) : undefined;
    const aggregate = kind === 'pool' && item.aggregate === true;
    const prefixes: AnnouncedPrefix[] = [];
    switch (kind) {
        case 'pool':
            if (network?.prefix) {
                prefixes.push({ prefix: network.prefix, exact: aggregate, origin: aggregate ? 'aggregate' : 'learned' });
            }
            break;
        case 'vip':
            if (vip?.address) {
                prefixes.push({ prefix: hostPrefix(vip.address), exact: true, origin: 'learned' });
            }
            break;
        case 'pod-network':
            for (const family of [4, 6] as const) {
                const pod = cluster?.podNetworks.find((entry) => entry.prefix?.family === family)?.prefix;
                if (pod) {
                    prefixes.push({ prefix: pod, exact: false, origin: 'learned' });
                    continue;
                }
                for (const node of cluster?.nodes ?? []) {
                    for (const cidr of node.podCidrs.filter((entry) => entry.family === family)) {
                        prefixes.push({ prefix: cidr, exact: true, origin: 'learned' });
                    }
                }
            }
            break;
        case 'network':
            if (network?.prefix) {
                prefixes.push({ prefix: network.prefix, exact: true, origin: 'connected' });
            }
            break;
        case 'loopback':
            for (const loopback of router.loopbacks) {
                prefixes.push({ prefix: hostPrefix(loopback.address), exact: true, origin: 'connected' });
            }
            break;
    }
    return { kind, network, vip, cluster, aggregate, prefixes, ast: item };
}

/** `accept …` of an upstream whose session runs in `family` (undefined: no address, both families). */
export function lowerAccept(node: ast.Accept | undefined, family: IpFamily | undefined): ModelAccept {
    if (!node || node.kind === 'nothing') {
        return { kind: 'nothing', prefixes: [], ast: node };
    }
    if (node.kind === 'default') {
        const defaults = (family ? [family] : [4, 6]).map((entry) => parsePrefix(entry === 4 ? '0.0.0.0/0' : '::/0')!);
        return { kind: 'default', prefixes: defaults, ast: node };
    }
    const prefixes = (node.prefixes ?? []).flatMap((text) => parsePrefix(text) ?? []);
    return { kind: 'prefixes', prefixes, ast: node };
}

/** An item as written: `pool lb aggregate`, `vip api`, `loopback`. */
export function announceItemText(item: ModelAnnounce): string {
    const name = item.network?.name ?? item.vip?.name ?? item.cluster?.name;
    return [item.kind, ...(name ? [name] : []), ...(item.aggregate ? ['aggregate'] : [])].join(' ');
}

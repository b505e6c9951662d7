/**
 * Lowers a VIP: its address, mechanism (keepalived VRRP or kube-vip), VRRP id and advert interval, holders (listed, or
 * the control plane of a cluster), interface (stated, `lo` for kube-vip BGP, else its network's or the default), health
 * check and frontends. Its holders list it among their VIPs through the lowering, which keeps those lists.
 */
import type * as ast from '../language/generated/ast.js';
import { parseDuration } from './duration.js';
import { lowerFrontend } from './host-lowering.js';
import { parseAddress } from './ip-address.js';
import type { LoweringScope } from './lowering-scope.js';
import { unquote, vipMechanism } from './lowering-values.js';
import type { ModelVip } from './topology-model.js';

const DEFAULT_HEALTH_INTERVAL_MS = 5000;
const DEFAULT_ADVERT_MS = 1000;

export function lowerVip(scope: LoweringScope, node: ast.Vip): ModelVip {
    const address = node.address ? parseAddress(node.address) : undefined;
    const mechanism = vipMechanism(node.mechanism);
    const holders = lowerHolders(scope, node.holders);
    const network = address ? scope.networkIndex.mostSpecific(address) : undefined;
    return {
        name: node.name ?? '',
        address,
        mechanism,
        vrid: node.vrid,
        advertMs: (node.advert ? parseDuration(node.advert) : undefined) ?? DEFAULT_ADVERT_MS,
        holders,
        interface:
            (node.interface ? unquote(node.interface) : undefined) ??
            (mechanism === 'kube-vip-bgp' ? 'lo' : (network?.interface ?? scope.defaults.interface)),
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
        frontends: (node.frontends ?? []).map((frontend) => lowerFrontend(scope, frontend)),
        ast: node
    };
}

function lowerHolders(scope: LoweringScope, list: ast.HolderList | undefined): ModelVip['holders'] {
    if (!list) {
        return [];
    }
    if (list.controlPlaneOf) {
        const cluster = scope.cluster(list.cluster?.ref);
        return (cluster?.nodes ?? []).filter((node) => node.role === 'control-plane').map((host) => ({ host }));
    }
    return (list.entries ?? []).flatMap((entry) => {
        const host = scope.host(entry.host?.ref);
        return host ? [{ host, priority: entry.priority, ast: entry }] : [];
    });
}

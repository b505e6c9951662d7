/**
 * From an AST node back to its element of the lowered model, and one-line details of declarations that
 * completion items and outline symbols show (a router's ASN and address, a network's prefix and role).
 */
import type { AstNode } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { formatAsdot } from '../../model/asn.js';
import type { ModelCluster, ModelHost, ModelNetwork, ModelVip, TopologyModel } from '../../model/topology-model.js';

type Declared = ModelHost | ModelNetwork | ModelVip | ModelCluster;

/** AST node → model element, built once per model: completion asks for every candidate, the outline for every declaration. */
const byAst = new WeakMap<TopologyModel, Map<AstNode, Declared>>();

function elementOf(model: TopologyModel, node: AstNode | undefined): Declared | undefined {
    if (!node) {
        return undefined;
    }
    let index = byAst.get(model);
    if (!index) {
        index = new Map<AstNode, Declared>([...model.hosts, ...model.networks, ...model.vips, ...model.clusters].map((element) => [element.ast, element]));
        byAst.set(model, index);
    }
    return index.get(node);
}

export function hostOf(model: TopologyModel, node: AstNode | undefined): ModelHost | undefined {
    return ast.isHost(node) ? (elementOf(model, node) as ModelHost | undefined) : undefined;
}

export function networkOf(model: TopologyModel, node: AstNode | undefined): ModelNetwork | undefined {
    return ast.isNetwork(node) ? (elementOf(model, node) as ModelNetwork | undefined) : undefined;
}

export function vipOf(model: TopologyModel, node: AstNode | undefined): ModelVip | undefined {
    return ast.isVip(node) ? (elementOf(model, node) as ModelVip | undefined) : undefined;
}

export function clusterOf(model: TopologyModel, node: AstNode | undefined): ModelCluster | undefined {
    return ast.isCluster(node) ? (elementOf(model, node) as ModelCluster | undefined) : undefined;
}

export function asnText(value: number | undefined): string {
    if (value === undefined) {
        return 'no ASN';
    }
    return value >= 65536 ? `AS ${value} (${formatAsdot(value)})` : `AS ${value}`;
}

export function mechanismText(vip: ModelVip): string {
    switch (vip.mechanism) {
        case 'keepalived':
            return vip.vrid !== undefined ? `keepalived VRID ${vip.vrid}` : 'keepalived';
        case 'kube-vip-bgp':
            return 'kube-vip bgp';
        case 'kube-vip-arp':
            return 'kube-vip arp';
        default:
            return 'no mechanism';
    }
}

/** A short detail for a declaration: what a completion item or an outline symbol shows next to the name. */
export function declarationDetail(model: TopologyModel, node: AstNode): string {
    if (ast.isNetwork(node)) {
        const network = networkOf(model, node);
        return network ? `${network.prefix?.text ?? node.prefix ?? '?'} · ${network.role}` : (node.prefix ?? '');
    }
    if (ast.isRouter(node) || ast.isLoadBalancer(node) || ast.isNode(node)) {
        const host = hostOf(model, node);
        const address = host?.addresses[0]?.address.text ?? 'no address';
        if (host?.kind === 'router') {
            return `${asnText(host.asn)} · ${address}`;
        }
        if (host?.kind === 'node') {
            return `${host.role} of ${host.cluster.name} · ${address}`;
        }
        return `load balancer · ${address}`;
    }
    if (ast.isVip(node)) {
        const vip = vipOf(model, node);
        return vip ? `${vip.address?.text ?? node.address ?? '?'} · ${mechanismText(vip)}` : (node.address ?? '');
    }
    if (ast.isCluster(node)) {
        const cluster = clusterOf(model, node);
        const count = cluster?.nodes.length ?? 0;
        return `${count} node${count === 1 ? '' : 's'}${cluster?.cni ? ` · ${cluster.cni.kind}` : ''}`;
    }
    if (ast.isWireGuard(node)) {
        const mesh = model.wireguards.find((wg) => wg.ast === node);
        return mesh ? `${mesh.network?.name ?? 'no network'} · port ${mesh.listenPort}` : '';
    }
    return '';
}

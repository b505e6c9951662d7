/**
 * The diagram's content, from the topology model (pure, no layout; the editor lays it out): routers, load balancers, clusters with
 * their nodes, VIPs with edges to their holders, one edge per BGP session (eBGP / iBGP) and each WireGuard
 * mesh as a hub joined to its members (a full mesh of n members would draw n·(n-1)/2 lines).
 */
import type { TopologyModel } from '../../model/topology-model.js';
import type { GraphEdge, GraphNode, TopologyGraph } from '../../protocol/bgptopo-protocol.js';
import { declarationLine as lineOf } from './declaration-line.js';

export const hostId = (name: string): string => `host:${name}`;

export function topologyGraph(model: TopologyModel): TopologyGraph {
    const nodes: GraphNode[] = [];
    const edges: GraphEdge[] = [];
    const known = new Set<string>();
    const add = (node: GraphNode): void => {
        nodes.push(node);
        known.add(node.id);
        node.children?.forEach((child) => known.add(child.id));
    };
    for (const router of model.routers) {
        add({ id: hostId(router.name), kind: 'router', label: router.name, detail: router.asn !== undefined ? `AS ${router.asn}` : undefined, line: lineOf(router.ast) });
    }
    for (const lb of model.loadBalancers) {
        add({ id: hostId(lb.name), kind: 'loadbalancer', label: lb.name, detail: lb.addresses[0]?.address.text, line: lineOf(lb.ast) });
    }
    for (const cluster of model.clusters) {
        const children = cluster.nodes.map<GraphNode>((node) => ({
            id: hostId(node.name),
            kind: 'node',
            label: node.name,
            detail: node.role === 'control-plane' ? 'control-plane' : node.addresses[0]?.address.text,
            line: lineOf(node.ast)
        }));
        add({ id: `cluster:${cluster.name}`, kind: 'cluster', label: `cluster ${cluster.name}`, line: lineOf(cluster.ast), children });
    }
    for (const vip of model.vips) {
        const id = `vip:${vip.name}`;
        add({ id, kind: 'vip', label: `vip ${vip.name}`, detail: [vip.address?.text, vip.mechanism].filter(Boolean).join(' · '), line: lineOf(vip.ast) });
        for (const holder of vip.holders) {
            if (known.has(hostId(holder.host.name))) {
                edges.push({
                    id: `holder:${vip.name}:${holder.host.name}`,
                    kind: 'holder',
                    source: id,
                    target: hostId(holder.host.name),
                    label: holder.priority !== undefined ? `prio ${holder.priority}` : undefined,
                    line: lineOf(holder.ast ?? vip.ast)
                });
            }
        }
    }
    for (const session of model.sessions) {
        // Router → node, so the layered layout puts the routers above the clusters.
        const source = hostId(session.router.name);
        const target = hostId(session.node.name);
        if (known.has(source) && known.has(target)) {
            edges.push({
                id: `session:${session.id}`,
                kind: session.type ?? 'bgp',
                source,
                target,
                label: session.speaker.kind,
                line: lineOf(session.speaker.ast),
                sessionId: session.id
            });
        }
    }
    for (const mesh of model.wireguards) {
        const id = `wireguard:${mesh.name}`;
        add({ id, kind: 'wireguard', label: `wireguard ${mesh.name}`, detail: `${mesh.members.length} members · udp ${mesh.listenPort}`, line: lineOf(mesh.ast) });
        for (const member of mesh.members) {
            if (known.has(hostId(member.host.name))) {
                edges.push({ id: `wg:${mesh.name}:${member.host.name}`, kind: 'wireguard', source: hostId(member.host.name), target: id, line: lineOf(mesh.ast) });
            }
        }
    }
    return { title: model.name || 'topology', nodes, edges };
}

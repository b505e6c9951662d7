/** The tree view's content, from the topology model: names, kinds, short descriptions and declaration lines. */
import type { ModelHost, TopologyModel } from '../../model/topology-model.js';
import type { OutlineHost, TopologyOutline } from '../../protocol/bgptopo-protocol.js';
import { declarationLine } from './declaration-line.js';

function outlineHost(host: ModelHost): OutlineHost {
    return {
        name: host.name,
        kind: host.kind,
        line: declarationLine(host.ast),
        address: host.addresses[0]?.address.text,
        asn: host.kind === 'router' ? host.asn : undefined,
        role: host.kind === 'node' ? host.role : undefined
    };
}

export function topologyOutline(model: TopologyModel): TopologyOutline {
    return {
        name: model.name,
        line: declarationLine(model.ast),
        routers: model.routers.map(outlineHost),
        loadBalancers: model.loadBalancers.map(outlineHost),
        vips: model.vips.map((vip) => ({
            name: vip.name,
            line: declarationLine(vip.ast),
            address: vip.address?.text,
            mechanism: vip.mechanism,
            holders: vip.holders.map((holder) => ({ host: outlineHost(holder.host), priority: holder.priority }))
        })),
        clusters: model.clusters.map((cluster) => ({
            name: cluster.name,
            line: declarationLine(cluster.ast),
            nodes: cluster.nodes.map(outlineHost),
            speakers: cluster.speakers.map((speaker) => ({
                kind: speaker.kind,
                asn: speaker.asn,
                peers: speaker.peers.map((peer) => peer.name),
                line: declarationLine(speaker.ast)
            }))
        })),
        wireguards: model.wireguards.map((mesh) => ({ name: mesh.name, line: declarationLine(mesh.ast), members: mesh.members.length }))
    };
}

/** The host whose declaration contains `offset`, if any. */
export function hostAtOffset(model: TopologyModel, offset: number): ModelHost | undefined {
    return model.hosts.find((host) => {
        const node = host.ast.$cstNode;
        return node !== undefined && node.offset <= offset && offset <= node.end;
    });
}

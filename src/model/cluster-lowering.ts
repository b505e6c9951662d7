/**
 * Lowers a cluster and its nodes, before the routers, VIPs and speakers that refer to the nodes: its pod and service
 * networks (one per family), its CNI, and each node's addresses, SSH endpoint, pod CIDRs, router-id, labels and
 * Kubernetes name. The cluster's speakers come later (speaker-lowering.ts): its list is returned with it, to fill.
 */
import type * as ast from '../language/generated/ast.js';
import { parsePrefix } from './ip-address.js';
import { lowerAddresses, lowerSsh } from './host-lowering.js';
import type { LoweringScope } from './lowering-scope.js';
import { onePerFamily, routerId, unquote } from './lowering-values.js';
import { labelText } from './node-selector.js';
import type { ModelCluster, ModelNode, ModelSpeaker } from './topology-model.js';

/** A lowered cluster with its nodes, and its speaker list (filled once the VIPs are lowered). */
interface LoweredCluster {
    readonly cluster: ModelCluster;
    readonly speakers: ModelSpeaker[];
}

export function lowerClusterShell(scope: LoweringScope, node: ast.Cluster): LoweredCluster {
    const nodes: ModelNode[] = [];
    const speakers: ModelSpeaker[] = [];
    const podNetworks = onePerFamily((node.podNetworks ?? []).flatMap((ref) => scope.network(ref.ref) ?? []), (network) => network.prefix?.family);
    const serviceNetworks = onePerFamily((node.serviceNetworks ?? []).flatMap((ref) => scope.network(ref.ref) ?? []), (network) => network.prefix?.family);
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
    for (const nodeAst of node.nodes ?? []) {
        const addresses = lowerAddresses(scope, nodeAst.addresses);
        const podCidrs = onePerFamily((nodeAst.podCidrs ?? []).flatMap((text) => parsePrefix(text) ?? []), (prefix) => prefix.family);
        nodes.push({
            name: nodeAst.name ?? '',
            kind: 'node',
            role: nodeAst.role === 'worker' ? 'worker' : 'control-plane',
            cluster,
            addresses,
            ssh: lowerSsh(scope, nodeAst.ssh, addresses),
            vips: [],
            podCidr: podCidrs[0],
            podCidrs,
            routerId: routerId(nodeAst.routerId, addresses),
            labels: new Map((nodeAst.labels ?? []).map((label) => [labelText(label.key), labelText(label.value)])),
            kubernetesName: nodeAst.hostname ? unquote(nodeAst.hostname) : (nodeAst.name ?? ''),
            ast: nodeAst
        });
    }
    return { cluster, speakers };
}

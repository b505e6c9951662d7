/**
 * Calico IPPool per cluster (clusters/<cluster>/calico.yaml, FACTS §4.3), and with `calico-bgp` its BGP resources
 * (calico-bgp-renderer.ts), `projectcalico.org/v3` (apply with calicoctl, the Calico API server, or Calico >= 3.32's
 * native v3 CRDs). Each pod network (one per family) becomes a pool; `encapsulation` picks ipipMode/vxlanMode (IPIP
 * is IPv4 only); blockSize is Calico's default for
 * the family, written out because it is immutable. The CNI MTU lives in Calico's Installation resource,
 * not in the pool, and is not rendered here.
 */
import type { ModelCluster, TopologyModel } from '../model/index.js';
import { calicoBgpDocuments } from './calico-bgp-renderer.js';
import { header, originOf } from './render-header.js';
import { k8sName } from './render-names.js';
import { RenderError, type RenderContext, type RenderedFile } from './render-types.js';
import { yamlStream } from './yaml-output.js';

export function renderCalico(model: TopologyModel, _context: RenderContext, include: (cluster: ModelCluster) => boolean): RenderedFile[] {
    const files: RenderedFile[] = [];
    for (const cluster of model.clusters) {
        if (cluster.cni?.kind !== 'calico' || !include(cluster)) {
            continue;
        }
        const origin = originOf(`cluster ${cluster.name}`, cluster.ast);
        const networks = cluster.podNetworks.filter((network) => network.prefix);
        if (networks.length === 0) {
            throw new RenderError('cni calico needs `pod-network` naming a network with a prefix', origin);
        }
        const encapsulation = cluster.cni.encapsulation ?? 'none';
        // One IPPool per family of the pod networks (LANGUAGE-V2 §6).
        const pools = networks.map((network) => {
            const prefix = network.prefix!;
            if (encapsulation === 'ipip' && prefix.family === 6) {
                throw new RenderError('Calico IPIP is IPv4 only; use vxlan or none for an IPv6 pod network', origin);
            }
            return {
                apiVersion: 'projectcalico.org/v3',
                kind: 'IPPool',
                metadata: { name: k8sName(network.name) },
                spec: {
                    cidr: prefix.text,
                    blockSize: prefix.family === 4 ? 26 : 122,
                    ipipMode: encapsulation === 'ipip' ? 'Always' : 'Never',
                    vxlanMode: encapsulation === 'vxlan' ? 'Always' : 'Never',
                    natOutgoing: true,
                    nodeSelector: 'all()'
                }
            };
        });
        files.push({
            cluster: cluster.name,
            kind: 'calico',
            path: `clusters/${cluster.name}/calico.yaml`,
            content: yamlStream(header('#', [origin]), [...pools, ...calicoBgpDocuments(cluster, model.sessions)]),
            origin
        });
    }
    return files;
}

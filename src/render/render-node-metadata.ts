/**
 * The metadata bgptopo sets on a cluster's Kubernetes Nodes, as `v1 Node` objects holding only those fields
 * (server-side apply with bgptopo's field manager sets just them on the existing Node; labels and annotations other
 * managers own stay): the node's `labels KEY=VALUE …` (LANGUAGE-V2 §1, the labels its selectors select on) and
 * Calico's per-node AS annotation (calico-bgp-renderer.ts). ONE object per node: two objects for one Node in one
 * apply would conflict, and a second apply under the same field manager would drop the fields of the first.
 */
import type { ModelCluster } from '../model/index.js';
import { CALICO_ASN_ANNOTATION, calicoBgpSpeaker, calicoNodeAsns } from './calico-bgp-renderer.js';

export interface NodeMetadataObject {
    readonly apiVersion: 'v1';
    readonly kind: 'Node';
    readonly metadata: { readonly name: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
}

/** The Node annotations bgptopo renders for `cluster`, by Kubernetes node name (Calico's AS, with cni calico). */
function nodeAnnotations(cluster: ModelCluster): Map<string, Record<string, string>> {
    const annotations = new Map<string, Record<string, string>>();
    const speaker = cluster.cni?.kind === 'calico' ? calicoBgpSpeaker(cluster) : undefined;
    for (const { node, asn } of speaker ? calicoNodeAsns(speaker) : []) {
        annotations.set(node, { [CALICO_ASN_ANNOTATION]: String(asn) });
    }
    return annotations;
}

/** One Node object per node of `cluster` with labels or annotations, in the cluster's node order. */
export function nodeMetadataObjects(cluster: ModelCluster): NodeMetadataObject[] {
    const annotations = nodeAnnotations(cluster);
    const objects: NodeMetadataObject[] = [];
    for (const node of cluster.nodes) {
        const labels = node.labels.size > 0 ? Object.fromEntries(node.labels) : undefined;
        const annotation = annotations.get(node.kubernetesName);
        annotations.delete(node.kubernetesName);
        if (labels || annotation) {
            objects.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: node.kubernetesName, ...(labels ? { labels } : {}), ...(annotation ? { annotations: annotation } : {}) } });
        }
    }
    for (const [name, annotation] of annotations) {
        objects.push({ apiVersion: 'v1', kind: 'Node', metadata: { name, annotations: annotation } });
    }
    return objects;
}

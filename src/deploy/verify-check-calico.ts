/**
 * Calico's per-node AS (LANGUAGE-V2 §8; FACTS-V2 §3): each node of a calico-bgp group with its own `asn` carries the
 * Node annotation `projectcalico.org/ASNumber` with that AS. Read back with `kubectl get nodes -o json`
 * (verify-kubernetes-nodes.ts), located on the group's `asn`.
 */
import type { ModelCluster } from '../model/index.js';
import { propertyRange } from '../model/topology-model-transport.js';
import { CALICO_ASN_ANNOTATION, calicoBgpSpeaker } from '../render/calico-bgp-renderer.js';
import type { EvaluationContext, PlanSink } from './verify-check-context.js';
import type { Evaluation } from './verify-frr.js';
import { kubernetesNode, NODES_PROBE, nodesProbeRunner } from './verify-kubernetes-nodes.js';
import type { VerifyCheckKind } from './verify-types.js';

export type CalicoNodeAsnRule = { readonly rule: 'calico-node-asn'; readonly runner: string; readonly node: string; readonly asn: number };

export function planCalicoNodeAsns(cluster: ModelCluster, want: (kind: VerifyCheckKind) => boolean, { probe, checks }: PlanSink): void {
    const speaker = calicoBgpSpeaker(cluster);
    const runner = nodesProbeRunner(cluster);
    if (!speaker || !runner || !want('calico-node-asn')) {
        return;
    }
    const seen = new Set<string>();
    for (const group of speaker.groups) {
        const asn = group.options.asn;
        if (group.ast?.asn === undefined || asn === undefined) {
            continue;
        }
        for (const node of group.nodes) {
            if (seen.has(node.kubernetesName)) {
                continue;
            }
            seen.add(node.kubernetesName);
            probe(runner, NODES_PROBE);
            const range = propertyRange(group.ast, 'asn')?.range;
            checks.push({
                id: `calico-node-asn:${cluster.name}/${node.kubernetesName}`,
                kind: 'calico-node-asn',
                subject: `AS ${asn} on node ${node.kubernetesName} (Calico)`,
                location: {
                    element: `calico-bgp speaker of cluster ${cluster.name}`,
                    line: (range?.start.line ?? group.ast.$cstNode?.range.start.line ?? 0) + 1,
                    ...(range ? { range: { start: { ...range.start }, end: { ...range.end } } } : {})
                },
                rule: { rule: 'calico-node-asn', runner: runner.name, node: node.kubernetesName, asn }
            });
        }
    }
}

export function calicoNodeAsn(rule: CalicoNodeAsnRule, context: EvaluationContext): Evaluation {
    const node = kubernetesNode(context, rule.runner, rule.node);
    if ('evaluation' in node) {
        return node.evaluation;
    }
    const value = node.metadata.annotations?.[CALICO_ASN_ANNOTATION];
    if (value === String(rule.asn)) {
        return { status: 'pass', message: `${CALICO_ASN_ANNOTATION}=${value}` };
    }
    return { status: 'fail', message: value === undefined ? `no ${CALICO_ASN_ANNOTATION} annotation (Calico uses the default AS)` : `${CALICO_ASN_ANNOTATION}=${value}, expected ${rule.asn}` };
}

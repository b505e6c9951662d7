/**
 * Calico's per-node AS (LANGUAGE-V2 §8; FACTS-V2 §3): each node of a calico-bgp group with its own `asn` carries the
 * Node annotation `projectcalico.org/ASNumber` with that AS. Read back with `kubectl get nodes -o json` on the
 * cluster's first control-plane node (the node deploy applies the manifests through), located on the group's `asn`.
 */
import type { ModelCluster, ModelNode } from '../model/index.js';
import { propertyRange } from '../model/topology-model-transport.js';
import { CALICO_ASN_ANNOTATION, calicoBgpSpeaker } from '../render/calico-bgp-renderer.js';
import { firstLine, type EvaluationContext, type PlanSink } from './verify-check-context.js';
import type { Evaluation } from './verify-frr.js';
import type { VerifyCheckKind } from './verify-types.js';

const KUBECONFIG = '/etc/kubernetes/admin.conf';
export const NODES_PROBE = { id: 'kubectl-nodes', argv: ['kubectl', '--kubeconfig', KUBECONFIG, 'get', 'nodes', '-o', 'json'] };

export type CalicoNodeAsnRule = { readonly rule: 'calico-node-asn'; readonly runner: string; readonly node: string; readonly asn: number };

export function planCalicoNodeAsns(cluster: ModelCluster, want: (kind: VerifyCheckKind) => boolean, { probe, checks }: PlanSink): void {
    const speaker = calicoBgpSpeaker(cluster);
    const runner = cluster.nodes.find((node: ModelNode) => node.role === 'control-plane');
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

interface NodeList {
    readonly items?: ReadonlyArray<{ readonly metadata?: { readonly name?: string; readonly annotations?: Record<string, string> } }>;
}

export function calicoNodeAsn(rule: CalicoNodeAsnRule, context: EvaluationContext): Evaluation {
    const answer = context.answer(rule.runner, NODES_PROBE.id);
    if ('missing' in answer) {
        return { status: 'unknown', message: answer.missing };
    }
    if (answer.output.code !== 0) {
        return { status: 'unknown', message: `kubectl get nodes failed on ${rule.runner}: ${firstLine(answer.output.stderr)}` };
    }
    let list: NodeList;
    try {
        list = JSON.parse(answer.output.stdout) as NodeList;
    } catch {
        return { status: 'unknown', message: 'kubectl get nodes: not JSON' };
    }
    const node = (list.items ?? []).find((item) => item.metadata?.name === rule.node);
    if (!node) {
        return { status: 'fail', message: `node ${rule.node} is not in the cluster` };
    }
    const value = node.metadata?.annotations?.[CALICO_ASN_ANNOTATION];
    if (value === String(rule.asn)) {
        return { status: 'pass', message: `${CALICO_ASN_ANNOTATION}=${value}` };
    }
    return { status: 'fail', message: value === undefined ? `no ${CALICO_ASN_ANNOTATION} annotation (Calico uses the default AS)` : `${CALICO_ASN_ANNOTATION}=${value}, expected ${rule.asn}` };
}

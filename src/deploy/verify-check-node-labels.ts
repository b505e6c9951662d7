/**
 * Node labels (LANGUAGE-V2 §1): each node with `labels KEY=VALUE …` carries those labels on its Kubernetes Node
 * (deploy applies them from clusters/<cluster>/nodes.yaml; MetalLB and Cilium select nodes by them). Read back with
 * `kubectl get nodes -o json` (verify-kubernetes-nodes.ts), one check per labelled node, located on its `labels` line.
 */
import type { ModelCluster } from '../model/index.js';
import { propertyRange } from '../model/topology-model-transport.js';
import type { EvaluationContext, PlanSink } from './verify-check-context.js';
import type { Evaluation } from './verify-frr.js';
import { kubernetesNode, NODES_PROBE, nodesProbeRunner } from './verify-kubernetes-nodes.js';
import type { VerifyCheckKind } from './verify-types.js';

export type NodeLabelsRule = { readonly rule: 'node-labels'; readonly runner: string; readonly node: string; readonly labels: ReadonlyArray<readonly [string, string]> };

export function planNodeLabels(cluster: ModelCluster, want: (kind: VerifyCheckKind) => boolean, { probe, checks }: PlanSink): void {
    const runner = nodesProbeRunner(cluster);
    if (!runner || !want('node-labels')) {
        return;
    }
    for (const node of cluster.nodes) {
        if (node.labels.size === 0) {
            continue;
        }
        probe(runner, NODES_PROBE);
        const count = node.ast.labels?.length ?? 0;
        const first = propertyRange(node.ast, 'labels')?.range;
        const last = count > 1 ? propertyRange(node.ast, 'labels', count - 1)?.range : first;
        checks.push({
            id: `node-labels:${cluster.name}/${node.kubernetesName}`,
            kind: 'node-labels',
            subject: `labels ${[...node.labels].map(([key, value]) => `${key}=${value}`).join(', ')} on node ${node.kubernetesName}`,
            location: {
                element: `node ${node.name}`,
                line: (first?.start.line ?? node.ast.$cstNode?.range.start.line ?? 0) + 1,
                ...(first && last ? { range: { start: { ...first.start }, end: { ...last.end } } } : {})
            },
            rule: { rule: 'node-labels', runner: runner.name, node: node.kubernetesName, labels: [...node.labels] }
        });
    }
}

export function nodeLabels(rule: NodeLabelsRule, context: EvaluationContext): Evaluation {
    const node = kubernetesNode(context, rule.runner, rule.node);
    if ('evaluation' in node) {
        return node.evaluation;
    }
    const actual = node.metadata.labels ?? {};
    const wrong = rule.labels.flatMap(([key, value]) =>
        actual[key] === undefined ? [`label ${key} missing, expected ${value}`] : actual[key] !== value ? [`label ${key}=${actual[key]}, expected ${value}`] : []
    );
    if (wrong.length > 0) {
        return { status: 'fail', message: wrong.join('; ') };
    }
    return { status: 'pass', message: rule.labels.map(([key, value]) => `${key}=${value}`).join(', ') };
}

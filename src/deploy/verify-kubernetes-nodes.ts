/**
 * The Kubernetes Nodes as the API server has them: `kubectl get nodes -o json` on the cluster's first control-plane
 * node (the node deploy applies the manifests through), one probe per runner shared by every check reading Node
 * metadata (Calico's per-node AS, node labels).
 */
import type { ModelCluster, ModelNode } from '../model/index.js';
import { firstLine, type EvaluationContext } from './verify-check-context.js';
import type { Evaluation } from './verify-frr.js';

const KUBECONFIG = '/etc/kubernetes/admin.conf';
export const NODES_PROBE = { id: 'kubectl-nodes', argv: ['kubectl', '--kubeconfig', KUBECONFIG, 'get', 'nodes', '-o', 'json'] };

export interface KubernetesNodeMetadata {
    readonly name?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
}

interface NodeList {
    readonly items?: ReadonlyArray<{ readonly metadata?: KubernetesNodeMetadata }>;
}

/** The node the cluster's Node probe runs on: its first control-plane node. */
export function nodesProbeRunner(cluster: ModelCluster): ModelNode | undefined {
    return cluster.nodes.find((node) => node.role === 'control-plane');
}

/** The metadata of Node `name` read on `runner`, or the evaluation to report when it cannot be read or is absent. */
export function kubernetesNode(context: EvaluationContext, runner: string, name: string): { readonly metadata: KubernetesNodeMetadata } | { readonly evaluation: Evaluation } {
    const answer = context.answer(runner, NODES_PROBE.id);
    if ('missing' in answer) {
        return { evaluation: { status: 'unknown', message: answer.missing } };
    }
    if (answer.output.code !== 0) {
        return { evaluation: { status: 'unknown', message: `kubectl get nodes failed on ${runner}: ${firstLine(answer.output.stderr)}` } };
    }
    let list: NodeList;
    try {
        list = JSON.parse(answer.output.stdout) as NodeList;
    } catch {
        return { evaluation: { status: 'unknown', message: 'kubectl get nodes: not JSON' } };
    }
    const node = (list.items ?? []).find((item) => item.metadata?.name === name);
    if (!node) {
        return { evaluation: { status: 'fail', message: `node ${name} is not in the cluster` } };
    }
    return { metadata: node.metadata ?? {} };
}

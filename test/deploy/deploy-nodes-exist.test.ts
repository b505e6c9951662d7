/**
 * Phantom Nodes: nodes.yaml is applied server-side, which creates a Node that does not exist (a node's Kubernetes
 * name written wrong). Deploy lists the cluster's Nodes first (`kubectl get nodes -o name`) and refuses, on the
 * node's line, when one is missing. Here the judgement of kubectl's output; the run against a host (the recording
 * kubectl over real SSH, refusing before any apply) is in deploy-lab.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { absentNodes } from '../../src/deploy/deploy-kubernetes.js';

const cluster = {
    name: 'prod',
    nodeObjects: [
        { node: 'cp1', kubernetesName: 'cp1', line: 33 },
        { node: 'w1', kubernetesName: 'w1.example.lan', line: 34 }
    ]
};

describe('Nodes that nodes.yaml names must exist', () => {
    test('every Node listed (kubectl prints node/NAME lines): no finding', () => {
        expect(absentNodes(cluster, 'cp1', 'node/cp1\nnode/w1.example.lan\nnode/w2\n')).toEqual([]);
    });

    test("a Node missing (the file names w1's Kubernetes name wrong): one finding on w1's line, naming what exists", () => {
        const findings = absentNodes(cluster, 'cp1', 'node/cp1\nnode/w1\n');
        expect(findings).toEqual([
            {
                cluster: 'prod',
                node: 'w1',
                line: 34,
                message:
                    'node w1: cluster prod has no Node named "w1.example.lan" (Nodes listed through cp1: cp1, w1); applying its labels would create a Node that does not exist. Give the node its Kubernetes name (`hostname "…"`); nothing was changed'
            }
        ]);
    });

    test('an empty listing misses every Node; a name is compared whole, not as a prefix', () => {
        expect(absentNodes(cluster, 'cp1', '').map((finding) => [finding.node, finding.message.includes('listed through cp1: none')])).toEqual([
            ['cp1', true],
            ['w1', true]
        ]);
        expect(absentNodes(cluster, 'cp1', 'node/cp10\nnode/w1.example.lan.old\n').map((finding) => finding.node)).toEqual(['cp1', 'w1']);
    });
});

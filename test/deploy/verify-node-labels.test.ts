/**
 * Verify of node labels (LANGUAGE-V2 §1) without SSH: one `node-labels` check per labelled node, evaluated against a
 * `kubectl get nodes -o json` answer shaped like the API server's (labels Kubernetes sets itself alongside), from one
 * probe on the cluster's first control-plane node shared with Calico's per-node AS; located on the node's `labels`.
 */
import { describe, expect, test } from 'vitest';
import { evaluatePlan, planVerify, type ProbeAnswer } from '../../src/deploy/verify-plan.js';
import { modelFromText } from './verify-lab-setup.js';

// Lines matter: checks are located on them.
const TEXT = `topology labelled
network fabric 10.0.1.0/24
network pods   10.244.0.0/16 { role pod }
router tor1 { asn 65101  address 10.0.1.1 }
cluster k {
  pod-network pods
  cni calico { encapsulation none }
  calico-bgp {
    asn 64512  advertise pod-cidrs
    peer tor1 { speakers k1  asn 65101 }
  }
  node k1 control-plane { address 10.0.1.11
    labels rack=a, "topology.kubernetes.io/zone"=z1 }
  node k2 control-plane { address 10.0.1.12  labels rack=b  hostname "k2.example.lan" }
  node k3 control-plane { address 10.0.1.13 }
}
`;

const ok = (stdout: string): ProbeAnswer => ({ output: { stdout, stderr: '', code: 0 } });
/** A NodeList as `kubectl get nodes -o json` prints it: each Node with kubelet's own labels besides ours. */
const nodes = (labels: Record<string, Record<string, string>>) =>
    ok(
        JSON.stringify({
            apiVersion: 'v1',
            kind: 'List',
            items: Object.entries(labels).map(([name, values]) => ({
                apiVersion: 'v1',
                kind: 'Node',
                metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...values }, annotations: { 'projectcalico.org/ASNumber': '65101' } },
                status: { conditions: [{ type: 'Ready', status: 'True' }] }
            }))
        })
    );
const HEALTHY = { k1: { rack: 'a', 'topology.kubernetes.io/zone': 'z1' }, 'k2.example.lan': { rack: 'b' }, k3: {} };

async function run(answers: Record<string, Record<string, ProbeAnswer>>) {
    const model = await modelFromText(TEXT);
    const plan = planVerify(model, { kinds: ['node-labels', 'calico-node-asn'] });
    const checks = evaluatePlan(plan, (host, probe) => answers[host]?.[probe] ?? { missing: `${host}: no answer to ${probe}` });
    return { plan, checks: new Map(checks.filter((check) => check.kind === 'node-labels').map((check) => [check.id, check])) };
}

describe('verify: node labels', () => {
    test('one check per labelled node, one kubectl probe on the first control-plane node, shared with Calico', async () => {
        const { plan, checks } = await run({ k1: { 'kubectl-nodes': nodes(HEALTHY) } });
        expect([...checks.keys()]).toEqual(['node-labels:k/k1', 'node-labels:k/k2.example.lan']);
        expect(plan.probes.get('k1')!.map((probe) => probe.id)).toEqual(['kubectl-nodes']);
        expect([...plan.probes.keys()].filter((host) => host.startsWith('k'))).toEqual(['k1']);
        expect(plan.checks.map((check) => check.kind)).toContain('calico-node-asn');
        expect([...checks.values()].map((check) => [check.id, check.status, check.message])).toEqual([
            ['node-labels:k/k1', 'pass', 'rack=a, topology.kubernetes.io/zone=z1'],
            ['node-labels:k/k2.example.lan', 'pass', 'rack=b']
        ]);
    });

    test("a missing label fails on the node's labels line, naming the key and the expected value", async () => {
        const { checks } = await run({ k1: { 'kubectl-nodes': nodes({ ...HEALTHY, k1: { rack: 'a' } }) } });
        const k1 = checks.get('node-labels:k/k1')!;
        expect(k1).toMatchObject({ status: 'fail', element: 'node k1', line: 13 });
        expect(k1.message).toBe('label topology.kubernetes.io/zone missing, expected z1');
        expect(k1.range).toEqual({ start: { line: 12, character: 11 }, end: { line: 12, character: 51 } });
        expect(checks.get('node-labels:k/k2.example.lan')!.status).toBe('pass');
    });

    test('a label with another value fails, naming the key, the actual and the expected value', async () => {
        const { checks } = await run({ k1: { 'kubectl-nodes': nodes({ ...HEALTHY, 'k2.example.lan': { rack: 'c' } }) } });
        expect(checks.get('node-labels:k/k2.example.lan')!).toMatchObject({ status: 'fail', line: 14, message: 'label rack=c, expected b' });
        expect(checks.get('node-labels:k/k1')!.status).toBe('pass');
    });

    test('a node missing from the cluster fails; kubectl failing or unanswered is unknown', async () => {
        const gone = await run({ k1: { 'kubectl-nodes': nodes({ k1: HEALTHY.k1 }) } });
        expect(gone.checks.get('node-labels:k/k2.example.lan')!).toMatchObject({ status: 'fail', message: 'node k2.example.lan is not in the cluster' });
        const failed = await run({ k1: { 'kubectl-nodes': { output: { stdout: '', stderr: 'connection refused\n', code: 1 } } } });
        expect(failed.checks.get('node-labels:k/k1')!).toMatchObject({ status: 'unknown', message: 'kubectl get nodes failed on k1: connection refused' });
        const silent = await run({});
        expect(silent.checks.get('node-labels:k/k1')!.status).toBe('unknown');
    });
});

/**
 * Label terms reach MetalLB `nodeSelectors` (OR'ed, one per alternative) and Cilium `nodeSelector` as label
 * selectors when the selector picks exactly the object's nodes (LANGUAGE-V2 §1); otherwise hostname lists.
 */
import { describe, expect, test } from 'vitest';
import { load as parseYaml } from 'js-yaml';
import { renderText } from './render-fixtures.js';

const HEAD = `topology t
network lan 192.0.2.0/24
network lb 203.0.113.0/26 { role loadbalancer }
router tor-a { asn 65101  address 192.0.2.1 }
router tor-b { asn 65102  address 192.0.2.2 }
`;
const NODES = `
  node cp1 control-plane { address 192.0.2.11  labels rack=a }
  node cp2 control-plane { address 192.0.2.12  labels rack=b }
  node cp3 control-plane { address 192.0.2.13  labels rack=b, tier=edge }
  node w1  worker        { address 192.0.2.21 }`;

async function peers(block: string): Promise<Array<{ peerAddress: string; nodeSelectors?: unknown }>> {
    const result = await renderText(`${HEAD}cluster c {\n  metallb {\n    asn 64512\n    pool lb\n${block}\n  }${NODES}\n}\n`);
    const file = result.files.find((f) => f.path === 'clusters/c/metallb.yaml')!;
    return file.content
        .split(/^---$/m)
        .map((part) => parseYaml(part) as { kind: string; spec: { peerAddress: string; nodeSelectors?: unknown } })
        .filter((doc) => doc?.kind === 'BGPPeer')
        .map((doc) => doc.spec);
}

describe('MetalLB nodeSelectors from a selector', () => {
    test('`or` gives one label selector per alternative; `!=` is NotIn', async () => {
        const [peer] = await peers('    peer tor-a { speakers rack=a or rack=b, tier!=edge }');
        expect(peer.nodeSelectors).toEqual([
            { matchExpressions: [{ key: 'rack', operator: 'In', values: ['a'] }] },
            { matchExpressions: [{ key: 'rack', operator: 'In', values: ['b'] }, { key: 'tier', operator: 'NotIn', values: ['edge'] }] }
        ]);
    });

    test('an alternative of node names beside label terms stays a hostname list in the union', async () => {
        const [peer] = await peers('    peer tor-a { speakers rack=a or w1 }');
        expect(peer.nodeSelectors).toEqual([
            { matchExpressions: [{ key: 'rack', operator: 'In', values: ['a'] }] },
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['w1'] }] }
        ]);
    });

    test('a group word with terms, and a group the block narrows, fall back to the hostnames of its nodes', async () => {
        const [word] = await peers('    peer tor-a { speakers control-plane, rack=b }');
        expect(word.nodeSelectors).toEqual([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['cp2', 'cp3'] }] }]);
        const [narrowed] = await peers('    speakers cp1, cp2\n    peer tor-a { speakers rack=b }');
        expect(narrowed.nodeSelectors).toEqual([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['cp2'] }] }]);
    });

    test('v1 `peers` on every node: no nodeSelectors', async () => {
        const [peer] = await peers('    peers tor-a');
        expect(peer.nodeSelectors).toBeUndefined();
    });
});

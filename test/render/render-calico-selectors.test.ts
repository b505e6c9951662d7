/**
 * Calico BGPPeer `nodeSelector` (LANGUAGE-V2 §1, §8): a peer group chosen by a `speakers` label selector renders
 * that selector in Calico's syntax (`==`, `!=`, `&&`, `||`); node names and group words stay a
 * `kubernetes.io/hostname` list. The manifests pass the Calico CRD schema; a value that could end Calico's string
 * literal is refused.
 */
import { load as parseYaml } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { calicoSelector } from '../../src/render/render-node-selectors.js';
import { checkManifest } from '../support/checkers/index.js';
import { renderText } from './render-fixtures.js';

function topology(speakers: string): string {
    return `topology t
network lan  192.0.2.0/24
network pods 10.244.0.0/16 { role pod }
router r { asn 65001  address 192.0.2.1 }
cluster c {
  pod-network pods
  cni calico { encapsulation vxlan }
  calico-bgp { asn 64512  peer r { ${speakers} }  advertise pod-cidrs }
  node cp1 control-plane { labels rack=a, "topology.kubernetes.io/zone"=z1  address 192.0.2.11 }
  node cp2 control-plane { labels rack=a, "topology.kubernetes.io/zone"=z2  address 192.0.2.12 }
  node cp3 control-plane { labels rack=b, "topology.kubernetes.io/zone"=z1  address 192.0.2.13 }
  node w1 worker { labels rack=b  address 192.0.2.21  hostname "w1.example.lan" }
  node w2 worker { address 192.0.2.22 }
}
`;
}

async function peersOf(speakers: string): Promise<{ content: string; selectors: string[] }> {
    const content = (await renderText(topology(speakers))).files.find((file) => file.path === 'clusters/c/calico.yaml')!.content;
    const selectors = content
        .split(/^---$/m)
        .map((part) => parseYaml(part) as { kind: string; spec: { nodeSelector: string } })
        .filter((doc) => doc?.kind === 'BGPPeer')
        .map((doc) => doc.spec.nodeSelector);
    return { content, selectors };
}

describe('Calico BGPPeer nodeSelector from the group selector', () => {
    test.each([
        ['speakers rack=a', "rack == 'a'"],
        // Calico's `!=` matches nodes without the key (libcalico-go LabelNeValueNode), as the language's `!=`: w2 is selected
        ['speakers rack!=a', "rack != 'a'"],
        ['speakers rack=a, "topology.kubernetes.io/zone"!=z2', "rack == 'a' && topology.kubernetes.io/zone != 'z2'"],
        ['speakers all, rack=b', "rack == 'b'"],
        ['speakers rack=a or "topology.kubernetes.io/zone"=z1', "rack == 'a' || topology.kubernetes.io/zone == 'z1'"],
        ['speakers rack=b, "topology.kubernetes.io/zone"=z1 or rack=a', "(rack == 'b' && topology.kubernetes.io/zone == 'z1') || rack == 'a'"],
        // an alternative of names keeps its hostname list (Kubernetes names) inside the OR
        ['speakers w1, w2 or rack=a', "kubernetes.io/hostname in {'w1.example.lan', 'w2'} || rack == 'a'"],
        // names only, and a group word Calico cannot read from labels: the hostname list as before
        ['speakers cp1, w1', "kubernetes.io/hostname in {'cp1', 'w1.example.lan'}"],
        ['speakers workers', "kubernetes.io/hostname in {'w1.example.lan', 'w2'}"]
    ])('%s → %s, and the manifest passes the Calico CRD schema', async (speakers, expected) => {
        const { content, selectors } = await peersOf(speakers);
        expect(selectors).toEqual([expected]);
        const checked = await checkManifest(content);
        expect(checked.ok, checked.stderr).toBe(true);
    });

    test('a node name longer than a label value (a DNS-1123 subdomain of up to 253) stays in the hostname list', async () => {
        const long = `${'n'.repeat(60)}.rack-b.example.lan`;
        const text = topology('speakers w1').replace('hostname "w1.example.lan"', `hostname "${long}"`);
        const content = (await renderText(text)).files.find((file) => file.path === 'clusters/c/calico.yaml')!.content;
        expect(content).toContain(`nodeSelector: kubernetes.io/hostname in {'${long}'}`);
    });

    test("a selector matching more than the group's nodes (the block narrows it) falls back to the hostname list", async () => {
        const text = topology('speakers rack=a').replace('calico-bgp { asn 64512 ', 'calico-bgp { asn 64512  speakers cp1, cp3 ');
        const content = (await renderText(text)).files.find((file) => file.path === 'clusters/c/calico.yaml')!.content;
        expect(content).toContain(`nodeSelector: kubernetes.io/hostname in {'cp1'}`);
    });

    test("the per-node AS of a group with its own asn stays per node, next to the group's label selector", async () => {
        const text = topology('speakers rack=b  asn 65010');
        const { files } = await renderText(text);
        expect(files.find((file) => file.path === 'clusters/c/calico.yaml')!.content).toContain(`nodeSelector: rack == 'b'`);
        const nodes = files.find((file) => file.path === 'clusters/c/nodes.yaml')!.content;
        const annotated = nodes
            .split(/^---$/m)
            .map((part) => parseYaml(part) as { metadata: { name: string; annotations?: Record<string, string> } })
            .filter((doc) => doc?.metadata.annotations)
            .map((doc) => [doc.metadata.name, doc.metadata.annotations!['projectcalico.org/ASNumber']]);
        expect(annotated).toEqual([
            ['cp3', '65010'],
            ['w1.example.lan', '65010']
        ]);
    });
});

describe('calicoSelector quoting', () => {
    const refuse = (message: string): never => {
        throw new Error(message);
    };
    test('a value or key that could leave the string literal or add an operator is refused', () => {
        expect(() => calicoSelector([{ matchExpressions: [{ key: 'rack', operator: 'In', values: ["a' || all() || 'x"] }] }], refuse)).toThrow(/cannot be a Calico selector value/);
        expect(() => calicoSelector([{ matchExpressions: [{ key: 'rack', operator: 'In', values: ['a"'] }] }], refuse)).toThrow(/cannot be a Calico selector value/);
        expect(() => calicoSelector([{ matchExpressions: [{ key: 'rack == "a" || x', operator: 'In', values: ['a'] }] }], refuse)).toThrow(/cannot be a Calico selector label/);
    });
    test('NotIn of several values is `not in {…}`', () => {
        expect(calicoSelector([{ matchExpressions: [{ key: 'rack', operator: 'NotIn', values: ['a', 'b'] }] }], refuse)).toBe("rack not in {'a', 'b'}");
    });
});

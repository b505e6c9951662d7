/**
 * Documents the validate ⇒ render property found validating clean and then refused by render, each now an error
 * on the property at fault, with a near miss that validates and renders: a kube-vip VIP holder that no peer group
 * selects, a kube-vip VIP no kube-vip block names, a speaker or router without an ASN, and (the renderer's side) a
 * cilium-bgp block whose groups carry the AS while the block has none.
 */
import { expectNoIssues, validationHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { Topology } from '../../src/language/generated/ast.js';
import { testSecret } from '../render/render-corpus.js';
import { renderTopology } from '../../src/render/render-topology.js';
import { modelOf, renderText, testOptions } from '../render/render-fixtures.js';
import { bgptopo } from '../support/bgptopo-test-services.js';
import { expectDiagnosticAt as expectAt } from '../language-server/validation/validation-test-support.js';

const validateText = validationHelper<Topology>(bgptopo);

const HEAD = `topology t
network rack1 10.0.1.0/24
network lb    198.51.100.0/24 { role loadbalancer }
network pods  10.128.0.0/16   { role pod }
router tor1 { asn 4200000001  address 10.0.1.1 }
router tor2 { asn 4200000002  address 10.0.1.2 }
`;
const NODES = `
  node c1 control-plane { address 10.0.1.10  pod-cidr 10.128.0.0/24  labels rack=1 }
  node c2 control-plane { address 10.0.1.11  pod-cidr 10.128.1.0/24  labels rack=1 }
  node c3 control-plane { address 10.0.1.12  pod-cidr 10.128.2.0/24  labels rack=2 }
}
`;

/** What render says of a document with errors (the CLI never renders one: this is what validation now reports first). */
async function renderRefusal(text: string): Promise<string> {
    try {
        renderTopology(await modelOf(text, { allowErrors: true }), testOptions({ secrets: testSecret }));
        return 'rendered';
    } catch (error) {
        return String(error);
    }
}

function kubeVip(block: string, vip = 'vip api 203.0.113.1 { kube-vip bgp  holders control-plane of k }'): string {
    return `${HEAD}${vip}\ncluster k {\n  ${block}${NODES}`;
}

describe('kube-vip VIPs reach a session on every holder (family-no-session)', () => {
    test('a holder no peer group selects: on the block’s `vip`, naming it; selecting it too renders', async () => {
        const text = kubeVip('kube-vip { asn 64512  vip api  peer tor1 { speakers c1, c2 } }');
        const result = await validateText(text);
        expectAt(result, 'family-no-session', 'error', { needle: 'api', line: 'vip api  peer' }, /kube-vip on c3 holds VIP api but has no IPv4 session/);
        expect(await renderRefusal(text)).toMatch(/node c3 has no BGP session/);

        const nearMiss = kubeVip('kube-vip { asn 64512  vip api  peer tor1 { speakers c1, c2 }  peer tor2 { speakers c3 } }');
        expectNoIssues(await validateText(nearMiss), { severity: 1 });
        const rendered = await renderText(nearMiss, { secrets: testSecret });
        expect(rendered.files.filter((file) => file.kind === 'kube-vip').map((file) => file.host)).toEqual(['c1', 'c2', 'c3']);
    });

    test('a kube-vip bgp VIP no kube-vip block names: on its mechanism', async () => {
        const text = kubeVip('metallb { asn 64512  pool lb  peers tor1 }');
        const result = await validateText(text);
        expectAt(result, 'family-no-session', 'error', { needle: 'kube-vip bgp' }, /No kube-vip block announces VIP api from c1, c2, c3/);
        expect(await renderRefusal(text)).toMatch(/no kube-vip speaker of cluster k on node c1 announces this VIP/);
    });
});

describe('an ASN for every session (syntax: `asn ASN` is part of the block and of the router)', () => {
    test('a speaker block without `asn` and a v1 `peers` line: on its keyword', async () => {
        const result = await validateText(`${HEAD}cluster k {\n  metallb { pool lb  peers tor1 }${NODES}`);
        expectAt(result, 'syntax', 'error', { needle: 'metallb' }, /needs `asn ASN`/);
    });

    test('a group without `asn` in a block without one: on the group’s first router', async () => {
        const result = await validateText(`${HEAD}cluster k {\n  metallb { pool lb  peer tor1 { speakers rack=1  asn 64601 }  peer tor2 { speakers rack=2 } }${NODES}`);
        expectAt(result, 'syntax', 'error', { needle: 'tor2', line: 'peer tor2 { speakers rack=2 }' }, /This group needs `asn ASN`/);
        expect(result.diagnostics.filter((d) => d.code === 'syntax')).toHaveLength(1);
    });

    test('a router without `asn`: on its name', async () => {
        const result = await validateText(`${HEAD.replace('router tor2 { asn 4200000002  address 10.0.1.2 }', 'router tor2 { address 10.0.1.2 }')}cluster k {\n  metallb { asn 64512  pool lb  peers tor1 }${NODES}`);
        expectAt(result, 'syntax', 'error', { needle: 'tor2' }, /Router tor2 needs `asn ASN`/);
    });

    test.each([
        ['metallb', 'metallb { pool lb  peer tor1 { speakers rack=1  asn 64601 }  peer tor2 { speakers rack=2  asn 64602 } }', 'metallb'],
        ['cilium-bgp', 'cilium-bgp { advertise pod-cidrs  peer tor1 { speakers rack=1  asn 64601 }  peer tor2 { speakers rack=2  asn 64602 } }', 'cilium']
    ])('%s: every group with its own AS and none on the block validates and renders each AS', async (_kind, block, kind) => {
        const text = `${HEAD}cluster k {\n  pod-network pods\n  cni ${kind === 'cilium' ? 'cilium' : 'calico'}\n  ${block}${NODES}`;
        expectNoIssues(await validateText(text), { severity: 1 });
        const rendered = await renderText(text, { secrets: testSecret });
        const manifest = rendered.files.find((file) => file.kind === kind)!.content;
        expect(manifest).toMatch(/64601/);
        expect(manifest).toMatch(/64602/);
    });
});

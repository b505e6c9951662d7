/**
 * Where the LANGUAGE-V2 part-1 diagnostics go ("Where the new diagnostics go"): exact range, severity, code in
 * `data`, message; each with a near miss. selector-* on the alternative; session-duplicate and speaker-asn-split on
 * the later group; option-unsupported and value-range on the option; a `listen-port` a speaker cannot dial on the
 * `listen-port`; family-no-session on the announcing item; peer-no-path and ibgp-session on the group's router.
 */
import { expectNoIssues, validationHelper, type ValidationResult } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { Topology } from '../../../src/language/generated/ast.js';
import { bgptopo } from '../../support/bgptopo-test-services.js';
import { expectDiagnosticAt as expectAt } from './validation-test-support.js';

const validateText = validationHelper<Topology>(bgptopo);

function countOf(result: ValidationResult<Topology>, code: string): number {
    return result.diagnostics.filter((d) => d.code === code).length;
}

const HEAD = `topology t
network rack-a 192.0.2.0/26
network lb 203.0.113.0/26 { role loadbalancer }
router tor-a { asn 65101  address 192.0.2.1  loopback 192.0.2.250 }
router tor-b { asn 65102  address 192.0.2.2 }
`;
const NODES = `
  node cp1 control-plane { address 192.0.2.11  labels rack=a }
  node cp2 control-plane { address 192.0.2.12  labels rack=a }
  node cp3 control-plane { address 192.0.2.13  labels rack=b }
  node w1  worker        { address 192.0.2.21  labels rack=a }`;

function metallb(body: string): string {
    return `${HEAD}cluster c {\n  metallb {\n    asn 64512\n    pool lb\n${body}\n  }${NODES}\n}\n`;
}

describe('selectors: on the alternative', () => {
    test('selector-mixed covers the alternative that mixes; the other alternative of the union is silent', async () => {
        const result = await validateText(metallb('    peer tor-a { speakers w1, rack=a or cp1, cp2 }'));
        expectAt(result, 'selector-mixed', 'error', { needle: 'w1, rack=a' }, /names nodes \(w1\) and label terms \(rack=a\)/);
        expect(countOf(result, 'selector-mixed')).toBe(1);
    });

    test('selector-empty covers the alternative that matches nothing, with its terms in the message and data', async () => {
        const result = await validateText(metallb('    peer tor-a { speakers rack=c or rack=b }\n    peer tor-b { speakers zone!=x }'));
        expectAt(result, 'selector-empty', 'error', { needle: 'rack=c' }, /rack=c matches no node of cluster c/);
        expect(countOf(result, 'selector-empty')).toBe(1);
        const data = result.diagnostics.find((d) => d.code === 'selector-empty')!.data as { terms: unknown };
        expect(data.terms).toEqual([{ key: 'rack', operator: '=', value: 'c' }]);
    });
});

describe('peer groups: on the later group', () => {
    test('session-duplicate on the router of the later group, naming the earlier line', async () => {
        const result = await validateText(metallb('    peer tor-a { speakers rack=a }\n    peer tor-b, tor-a { speakers w1 }'));
        expectAt(result, 'session-duplicate', 'error', { needle: 'tor-a', line: 'speakers w1' }, /w1 already peers with tor-a through the group on line 10/);
        expect(countOf(result, 'session-duplicate')).toBe(1);
        expect(result.diagnostics.find((d) => d.code === 'session-duplicate')!.data).toMatchObject({ code: 'session-duplicate', router: 'tor-a', earlierLine: 10 });
    });

    test("speaker-asn-split on the later group's asn; disjoint groups with their own AS are silent", async () => {
        const result = await validateText(
            metallb('    peer tor-a { speakers rack=a  asn 64601 }\n    peer tor-b { speakers rack=b  asn 64602 }\n    peer tor-b { speakers workers  asn 64603 }')
        );
        expectAt(result, 'speaker-asn-split', 'error', { needle: '64603' }, /w1 would speak AS 64603 here and AS 64601 in the group on line 10/);
        expect(countOf(result, 'speaker-asn-split')).toBe(1);
    });
});

describe('consumers: on the option', () => {
    test('option-unsupported on MetalLB restart-time, naming MetalLB; graceful-restart alone is silent', async () => {
        const result = await validateText(metallb('    peer tor-a { graceful-restart restart-time 60s }\n    peer tor-b { graceful-restart }'));
        expectAt(result, 'option-unsupported', 'error', { needle: '60s' }, /MetalLB \(BGPPeer\) cannot express `restart-time`/);
        expect(countOf(result, 'option-unsupported')).toBe(1);
    });

    test('value-range on a listen-port MetalLB cannot dial, on the router; 16384 is silent', async () => {
        const text = metallb('    peer tor-a, tor-b').replace('address 192.0.2.1 ', 'address 192.0.2.1  listen-port 16385').replace('address 192.0.2.2 ', 'address 192.0.2.2  listen-port 16384');
        const result = await validateText(text);
        expectAt(result, 'value-range', 'error', { needle: '16385' }, /MetalLB \(line \d+\) takes a BGPPeer `peerPort` up to 16384/);
        expect(countOf(result, 'value-range')).toBe(1);
    });

    test('value-range on a keepalive that is not below the hold time, and on hold 2s; hold 0s is legal', async () => {
        const result = await validateText(metallb('    hold 9s\n    peer tor-a { keepalive 9s }\n    peer tor-b { hold 0s  keepalive 0s }'));
        expectAt(result, 'value-range', 'error', { needle: '9s', line: 'keepalive' }, /keepalive of 9s is not below the hold time 9s/);
        expect(countOf(result, 'value-range')).toBe(1);
    });

    test('Cilium: option-unsupported on bfd, value-range on hold 0s', async () => {
        const text = `${HEAD}network pods 198.51.100.0/24 { role pod }\ncluster c {\n  pod-network pods\n  cni cilium\n  cilium-bgp {\n    asn 64512\n    advertise pod-cidrs\n    peer tor-a { bfd }\n    peer tor-b { hold 0s }\n  }${NODES}\n}\n`;
        const result = await validateText(text);
        expectAt(result, 'option-unsupported', 'error', { needle: 'bfd' }, /Cilium \(CiliumBGPPeerConfig\) cannot express `bfd`/);
        expectAt(result, 'value-range', 'error', { needle: '0s' }, /Cilium \(CiliumBGPPeerConfig\) takes `holdTimeSeconds` 3–65535, not 0s/);
    });
});

describe('secrets in groups', () => {
    test('a literal password in a peer group is secret-in-source (an error, as on a block); a secret is silent', async () => {
        const result = await validateText(metallb('    peer tor-a { password "s3cret" }\n    peer tor-b { password secret "tor-b" }'));
        expectAt(result, 'secret-in-source', 'error', { needle: '"s3cret"' }, /literal password/);
        expect(countOf(result, 'secret-in-source')).toBe(1);
    });
});

describe('families and paths', () => {
    test('family-no-session on the pool of a block announcing IPv6 without IPv6 sessions', async () => {
        const result = await validateText(metallb('    peer tor-a').replace('network lb 203.0.113.0/26', 'network lb 2001:db8:ff::/120'));
        expectAt(result, 'family-no-session', 'error', { needle: 'lb', line: 'pool lb' }, /announces IPv6 prefixes here, but none of its sessions carries IPv6/);
        expect(countOf(result, 'family-no-session')).toBe(1);
    });

    test('peer-no-path on the router of a `to loopback` group when the router has no loopback of the family', async () => {
        const result = await validateText(metallb('    peer tor-a { to loopback }\n    peer tor-b { to loopback }'));
        expectAt(result, 'peer-no-path', 'error', { needle: 'tor-b', line: 'peer tor-b' }, /tor-b has no IPv4 loopback/);
        expect(countOf(result, 'peer-no-path')).toBe(1);
    });

    test('ibgp-session (Changed): on the group router; silent when the router declares the iBGP', async () => {
        const text = metallb('    peer tor-a { asn 65101  speakers rack=a }\n    peer tor-b { asn 65102  speakers rack=b }').replace(
            'router tor-b { asn 65102  address 192.0.2.2 }',
            'router tor-b { asn 65102  address 192.0.2.2  neighbor 192.0.2.0/26 remote-as internal }'
        );
        const result = await validateText(text);
        expectAt(result, 'ibgp-session', 'warning', { needle: 'tor-a', line: 'peer tor-a' }, /uses AS 65101, the AS of router tor-a/);
        expect(countOf(result, 'ibgp-session')).toBe(1);
        expectNoIssues(result, { code: 'speaker-asn-split' });
    });
});

describe('labels and names: value-range in Kubernetes syntax', () => {
    test('a label key, a label value and a hostname outside Kubernetes syntax; a prefixed key and an FQDN are fine', async () => {
        const text = metallb('    peer tor-a')
            .replace('labels rack=a }', 'labels rack=a, "topology.kubernetes.io/zone"=z1  hostname "k8s-0.home.lan" }')
            .replace('labels rack=b }', 'labels "bad key"=x, rack="-b"  hostname "CP_3" }');
        const result = await validateText(text);
        expectAt(result, 'value-range', 'error', { needle: '"bad key"' }, /is not a Kubernetes label key/);
        expectAt(result, 'value-range', 'error', { needle: '"-b"' }, /is not a Kubernetes label value/);
        expectAt(result, 'value-range', 'error', { needle: '"CP_3"' }, /is not a Kubernetes node name/);
        expect(countOf(result, 'value-range')).toBe(3);
    });

    test('a label key given twice is option-duplicate on the later one', async () => {
        const result = await validateText(metallb('    peer tor-a').replace('labels rack=b }', 'labels rack=b, rack=c }'));
        expectAt(result, 'option-duplicate', 'error', { needle: 'rack', line: 'rack=c', nth: 1 }, /The label rack is already set/);
    });
});

describe('routers beyond the rack (§4) and calico-bgp (§8): on the property at fault', () => {
    const ROUTERS = `topology r
network fabric 192.0.2.64/28
network far    198.51.100.0/28
router a { asn 65120  address 192.0.2.67  neighbor b { password secret "one" } }
router b { asn 65121  address 192.0.2.68  neighbor a { password secret "two" } }
router lonely { asn 65199  address 192.0.2.70 }
router u1 { asn 65150  loopback 10.255.0.1  neighbor u2 { unnumbered swp1 } }
router u2 { asn 65151  loopback 10.255.0.2 }
router f1 { asn 65160  address 198.51.100.1  neighbor a }
router e { asn 65170  address 192.0.2.69  upstream 203.0.113.1 remote-as 65000  graceful-restart restart-time 90s
  neighbor a { graceful-restart restart-time 60s } }
`;

    test('router-isolated on the name; a near miss: routers with a session', async () => {
        const result = await validateText(ROUTERS);
        expectAt(result, 'router-isolated', 'warning', { needle: 'lonely' }, /no BGP session .* holds no VIP/);
        expect(countOf(result, 'router-isolated')).toBe(1);
    });

    test('peer-option-conflict on the later neighbor line, naming the earlier one', async () => {
        const result = await validateText(ROUTERS);
        expectAt(result, 'peer-option-conflict', 'error', { needle: 'neighbor a { password secret "two" }' }, /Router a \(line 4\) declares this session with another `password`/);
        expect(countOf(result, 'peer-option-conflict')).toBe(1);
    });

    test('peer-half-open on the one-sided `unnumbered`; peer-no-path on the router name and on the upstream address', async () => {
        const result = await validateText(ROUTERS);
        expectAt(result, 'peer-half-open', 'error', { needle: 'swp1' }, /u2 needs its own `neighbor u1 \{ unnumbered IFNAME \}`/);
        expectAt(result, 'peer-no-path', 'error', { needle: 'a', line: 'router f1' }, /No path from router f1 to router a: they share no network/);
        expectAt(result, 'peer-no-path', 'error', { needle: '203.0.113.1' }, /upstream 203\.0\.113\.1: it is on none of the router's networks/);
    });

    test("a session's own restart time is option-unsupported on `restart-time` (FRR has one per router)", async () => {
        const result = await validateText(ROUTERS);
        expectAt(result, 'option-unsupported', 'error', { needle: '60s' }, /FRR cannot express a restart time per session/);
        expect(countOf(result, 'option-unsupported')).toBe(1);
    });

    const CALICO = `topology k
network lan   192.0.2.0/24
network lan-b 203.0.113.128/26
network pods  198.51.100.0/25 { role pod }
router k1 { asn 64514  address 192.0.2.31 }
router k6 { asn 65136  address 192.0.2.36 }
cluster tk {
  pod-network pods
  cni calico { encapsulation vxlan }
  calico-bgp {
    asn 64514
    node-mesh off
    peer k1 { hold 90s }
    peer k6 { source address 2 }
    advertise pod-cidrs
  }
  node n1 control-plane { address 192.0.2.121  address 203.0.113.131  router-id 10.1.1.1 }
  node n2 control-plane { address 192.0.2.122  address 203.0.113.132 }
  node n3 control-plane { address 192.0.2.123  address 203.0.113.133 }
}
`;

    test('ibgp-no-reflection on `off`; no ibgp-session on calico-bgp', async () => {
        const result = await validateText(CALICO);
        expectAt(result, 'ibgp-no-reflection', 'warning', { needle: 'off' }, /the nodes peer in iBGP with k1, which does not reflect/);
        expect(countOf(result, 'ibgp-session')).toBe(0);
    });

    test('Calico: hold on `hold`, an inexpressible source on the peer line, a node router-id on `router-id`', async () => {
        const result = await validateText(CALICO);
        expectAt(result, 'option-unsupported', 'error', { needle: '90s' }, /Calico \(BGPPeer\) cannot express `hold`/);
        expectAt(result, 'option-unsupported', 'error', { needle: 'k6', line: 'peer k6' }, /cannot express the source 203\.0\.113\.131/);
        expectAt(result, 'option-unsupported', 'error', { needle: '10.1.1.1' }, /cannot carry a per-node router-id/);
        expect(countOf(result, 'option-unsupported')).toBe(3);
    });
});

describe('dual stack (§6): option-duplicate on the later network of the family', () => {
    const networks = `topology t
network lan 10.0.0.0/24
network p4 10.244.0.0/16 { role pod }
network p4b 10.245.0.0/16 { role pod }
network p6 fd00:244::/56 { role pod }
network s4 10.96.0.0/16 { role service }
network s6 fd00:96::/112 { role service }
`;
    const cluster = (lines: string, node = '') =>
        `${networks}cluster c {\n${lines}\n  node cp1 control-plane { address 10.0.0.11${node} }\n  node cp2 control-plane { address 10.0.0.12 }\n  node cp3 control-plane { address 10.0.0.13 }\n}\n`;

    test('the second IPv4 pod network is the duplicate, on its own name; one per family is silent', async () => {
        const result = await validateText(cluster('  pod-network p4, p6, p4b\n  service-network s4, s6'));
        expectAt(result, 'option-duplicate', 'error', { needle: 'p4b', line: 'pod-network p4, p6, p4b' }, /second IPv4 pod network/);
        expect(countOf(result, 'option-duplicate')).toBe(1);
        expectNoIssues(await validateText(cluster('  pod-network p4, p6\n  service-network s4, s6')));
    });

    test('a second pod-cidr of one family on a node, on the later one', async () => {
        const result = await validateText(cluster('  pod-network p4, p6', '  pod-cidr 10.244.1.0/24  pod-cidr 10.244.2.0/24'));
        expectAt(result, 'option-duplicate', 'error', { needle: '10.244.2.0/24' }, /second IPv4 pod CIDR/);
        expectNoIssues(await validateText(cluster('  pod-network p4, p6', '  pod-cidr 10.244.1.0/24  pod-cidr fd00:244:0:1::/64')));
    });

    test('a pod CIDR outside the pod network of its own family', async () => {
        const result = await validateText(cluster('  pod-network p4, p6', '  pod-cidr fd00:999::/64'));
        expectAt(result, 'pod-cidr-outside', 'error', { needle: 'fd00:999::/64' }, /outside the pod network p6/);
    });

    test('Calico IPIP with an IPv6 pod network is option-unsupported on `encapsulation`', async () => {
        const result = await validateText(cluster('  pod-network p4, p6\n  cni calico { encapsulation ipip }'));
        expectAt(result, 'option-unsupported', 'error', { needle: 'ipip' }, /IPIP is IPv4 only/);
        expectNoIssues(await validateText(cluster('  pod-network p4\n  cni calico { encapsulation ipip }')));
    });
});

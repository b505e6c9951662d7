/**
 * Where each diagnostic goes (LANGUAGE.md, "Where diagnostics go"): code, severity and the exact range, on
 * the property at fault; clashes on the later declaration naming the earlier; session-collision on the
 * `peers` line of each speaker; control-plane-count on the cluster's name. Each case has a near miss.
 */
import { expectError, expectNoIssues, validationHelper, type ValidationResult } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { Topology } from '../../../src/language/generated/ast.js';
import { bgptopo } from '../../support/bgptopo-test-services.js';
import { expectDiagnosticAt as expectAt } from './validation-test-support.js';

const validateText = validationHelper<Topology>(bgptopo);

function countOf(result: ValidationResult<Topology>, code: string): number {
    return result.diagnostics.filter((d) => d.code === code).length;
}

const LAN = `topology t\nnetwork lan 10.0.0.0/24\n`;
const CLUSTER_NODES = `
  node cp1 control-plane { address 10.0.0.11  address 10.0.0.21 }
  node cp2 control-plane { address 10.0.0.12  address 10.0.0.22 }
  node cp3 control-plane { address 10.0.0.13  address 10.0.0.23 }`;

describe('ASNs: on the asn value', () => {
    test('asn-reserved on 65535; 64512 is not reserved', async () => {
        const result = await validateText(`${LAN}router r1 { asn 65535  address 10.0.0.1 }\nrouter r2 { asn 64512  address 10.0.0.2 }`);
        expectAt(result, 'asn-reserved', 'error', { needle: '65535' }, /ASN 65535 is reserved/);
        expect(countOf(result, 'asn-reserved')).toBe(1);
    });

    test('asn-invalid on a malformed asdot; asn-documentation (warning) on 64496', async () => {
        const result = await validateText(`${LAN}router r1 { asn 1.65536  address 10.0.0.1 }\nrouter r2 { asn 64496  address 10.0.0.2 }`);
        expectAt(result, 'asn-invalid', 'error', { needle: '1.65536' }, /asdot/);
        expectAt(result, 'asn-documentation', 'warning', { needle: '64496' }, /documentation range 64496–64511/);
        expectNoIssues(result, { code: 'asn-reserved' });
    });

    test('asn-public (info) on a speaker asn, not on a router asn', async () => {
        const result = await validateText(`${LAN}router tor { asn 3356  address 10.0.0.1 }
cluster c {
  cni cilium
  cilium-bgp { asn 13335  peers tor  advertise pod-cidrs }${CLUSTER_NODES}
}`);
        expectAt(result, 'asn-public', 'info', { needle: '13335' }, /public ASN/);
        expect(countOf(result, 'asn-public')).toBe(1);
    });
});

describe('names and options: on the later one, naming the earlier', () => {
    test('name-duplicate on the later name', async () => {
        const result = await validateText(`${LAN}router r1 { asn 65000  address 10.0.0.1 }\nloadbalancer r1 { address 10.0.0.2 }`);
        expectAt(result, 'name-duplicate', 'error', { needle: 'r1', line: 'loadbalancer' }, /already used by router r1 \(line 3\)/);
        expect(countOf(result, 'name-duplicate')).toBe(1);
    });

    test('option-duplicate on the second value', async () => {
        const result = await validateText(`${LAN}router r1 {\n  asn 65000\n  address 10.0.0.1\n  asn 65001\n}`);
        expectAt(result, 'option-duplicate', 'error', { needle: '65001' }, /^`asn` is already set on line 4 \(65000\); only the last one would count\.$/);
        expect(countOf(result, 'option-duplicate')).toBe(1);
    });
});

describe('address plan', () => {
    test('cidr-host-bits on the prefix, with the network as the replacement', async () => {
        const result = await validateText(`topology t\nnetwork lan 10.0.0.5/24\nnetwork ok 10.1.0.0/24`);
        expectAt(result, 'cidr-host-bits', 'error', { needle: '10.0.0.5/24' }, /the network is 10\.0\.0\.0\/24/);
        expect(result.diagnostics.find((d) => d.code === 'cidr-host-bits')?.data).toMatchObject({ replacement: '10.0.0.0/24' });
        expect(countOf(result, 'cidr-host-bits')).toBe(1);
    });

    test('cidr-overlap on the later network, naming the earlier; underlay inside underlay is no overlap', async () => {
        const result = await validateText(`topology t
network fabric 10.0.0.0/16
network rack 10.0.1.0/24
network pods 10.0.128.0/17 { role pod }`);
        expectAt(result, 'cidr-overlap', 'error', { needle: '10.0.128.0/17' }, /Network pods .* overlaps network fabric \(10\.0\.0\.0\/16, underlay, line 2\)/);
        expect(countOf(result, 'cidr-overlap')).toBe(1);
    });

    test('cidr-overlap goes on the outer network when it is the later one', async () => {
        const result = await validateText(`topology t\nnetwork pods 10.244.0.0/16 { role pod }\nnetwork everything 10.0.0.0/8`);
        expectAt(result, 'cidr-overlap', 'error', { needle: '10.0.0.0/8' }, /Network everything .* overlaps network pods .*line 2/);
        expect(countOf(result, 'cidr-overlap')).toBe(1);
    });

    test('a pod network nested in another pod network inside an underlay names its innermost neighbour', async () => {
        const result = await validateText(`topology t
network everything 10.0.0.0/8
network pods 10.244.0.0/16 { role pod }
network pods2 10.244.1.0/24 { role pod }`);
        expectAt(result, 'cidr-overlap', 'error', { needle: '10.244.1.0/24' }, /pods2 .* overlaps network pods \(/);
        expectAt(result, 'cidr-overlap', 'error', { needle: '10.244.0.0/16' }, /pods .* overlaps network everything \(/);
        expect(countOf(result, 'cidr-overlap')).toBe(2);
    });

    test('cidr-overlap of pod CIDRs on the later node; adjacent CIDRs do not overlap', async () => {
        const result = await validateText(`${LAN}cluster c {
  node cp1 control-plane { address 10.0.0.11  pod-cidr 10.244.1.0/24 }
  node cp2 control-plane { address 10.0.0.12  pod-cidr 10.244.2.0/24 }
  node cp3 control-plane { address 10.0.0.13  pod-cidr 10.244.1.0/25 }
}`);
        expectAt(result, 'cidr-overlap', 'error', { needle: '10.244.1.0/25' }, /of node cp3 overlaps pod CIDR 10\.244\.1\.0\/24 of node cp1 \(line 4\)/);
        expect(countOf(result, 'cidr-overlap')).toBe(1);
    });

    test('pod-cidr-outside on the pod-cidr value', async () => {
        const result = await validateText(`${LAN}network pods 10.244.0.0/16 { role pod }
cluster c {
  pod-network pods
  node cp1 control-plane { address 10.0.0.11  pod-cidr 10.245.0.0/24 }
  node cp2 control-plane { address 10.0.0.12  pod-cidr 10.244.255.0/24 }
  node cp3 control-plane { address 10.0.0.13 }
}`);
        expectAt(result, 'pod-cidr-outside', 'error', { needle: '10.245.0.0/24' }, /outside the pod network pods \(10\.244\.0\.0\/16\) of cluster c/);
        expect(countOf(result, 'pod-cidr-outside')).toBe(1);
    });

    test('address-outside-network on the address', async () => {
        const result = await validateText(`${LAN}router r1 { asn 65000  address 10.0.1.1 on lan  address 10.0.0.1 on lan }`);
        expectAt(result, 'address-outside-network', 'error', { needle: '10.0.1.1' }, /outside network lan \(10\.0\.0\.0\/24\)/);
        expect(countOf(result, 'address-outside-network')).toBe(1);
    });

    test('address-reserved on the host address and on the VIP address; a /31 has none', async () => {
        const result = await validateText(`${LAN}network p2p 10.0.2.0/31
router r1 { asn 65000  address 10.0.0.0  address 10.0.2.0 }
router r2 { asn 65000  address 10.0.0.2  address 10.0.2.1 }
vip v 10.0.0.255 { keepalived vrid 1  holders r1 priority 150, r2 priority 100 }`);
        expectAt(result, 'address-reserved', 'error', { needle: '10.0.0.0', line: 'router r1' }, /network address of lan/);
        expectAt(result, 'address-reserved', 'error', { needle: '10.0.0.255' }, /broadcast address of lan/);
        expect(countOf(result, 'address-reserved')).toBe(2);
    });

    test('address-duplicate on the later claim, naming the earlier owner', async () => {
        const result = await validateText(`${LAN}router r1 { asn 65000  address 10.0.0.1 }
loadbalancer lb1 { address 10.0.0.9 }
loadbalancer lb2 { address 10.0.0.10 }
vip v 10.0.0.1 { keepalived vrid 1  holders lb1 priority 150, lb2 priority 100 }`);
        expectAt(result, 'address-duplicate', 'error', { needle: '10.0.0.1', line: 'vip v' }, /Address 10\.0\.0\.1 of VIP v is already taken by router r1 \(line 3\)/);
        expect(countOf(result, 'address-duplicate')).toBe(1);
    });

    test('vip-conflict on the VIP address, naming the network', async () => {
        const result = await validateText(`${LAN}network lbs 192.168.50.0/24 { role loadbalancer }
router r1 { asn 65000  address 10.0.0.1 }
router r2 { asn 65000  address 10.0.0.2 }
vip v 192.168.50.10 { keepalived vrid 1  holders r1 priority 150, r2 priority 100 }
vip w 10.0.0.100 { keepalived vrid 2  holders r1 priority 150, r2 priority 100 }`);
        expectAt(result, 'vip-conflict', 'error', { needle: '192.168.50.10' }, /loadbalancer network lbs \(192\.168\.50\.0\/24\)/);
        expect(countOf(result, 'vip-conflict')).toBe(1);
    });
});

describe('router-ids', () => {
    test('router-id-duplicate on the later explicit router-id, or on the address it comes from', async () => {
        const result = await validateText(`${LAN}router r1 { asn 65000  address 10.0.0.1 }
router r2 { asn 65001  address 10.0.0.2  router-id 10.0.0.1 }
router r3 { asn 65002  router-id 10.0.0.3  address 10.0.0.4 }
router r4 { asn 65003  address 10.0.0.3 }`);
        expectAt(result, 'router-id-duplicate', 'error', { needle: '10.0.0.1', line: 'router r2' }, /already used by router r1 \(line 3\)/);
        expectAt(result, 'router-id-duplicate', 'error', { needle: '10.0.0.3', line: 'router r4' }, /already used by router r3 \(line 5\)/);
        expect(countOf(result, 'router-id-duplicate')).toBe(2);
    });

    test('router-id-duplicate between speaker nodes of one AS, once per node; another AS may reuse it', async () => {
        const result = await validateText(`${LAN}router tor { asn 65000  address 10.0.0.1 }
cluster c {
  cni cilium
  cilium-bgp { asn 65010  peers tor  advertise pod-cidrs }
  kube-vip { asn 65010  peers tor  source address 2 }
  node cp1 control-plane { address 10.0.0.11  address 10.0.0.21  router-id 1.1.1.1 }
  node cp2 control-plane { address 10.0.0.12  address 10.0.0.22  router-id 1.1.1.1 }
  node cp3 control-plane { address 10.0.0.13  address 10.0.0.23 }
}
cluster d {
  cni cilium
  cilium-bgp { asn 65020  peers tor  advertise pod-cidrs }
  node d1 control-plane { address 10.0.0.31  router-id 1.1.1.1 }
  node d2 control-plane { address 10.0.0.32 }
  node d3 control-plane { address 10.0.0.33 }
}`);
        expectAt(result, 'router-id-duplicate', 'error', { needle: '1.1.1.1', line: 'node cp2' }, /Node cp2 .* already used by node cp1 \(line 8\) in AS 65010/);
        expect(countOf(result, 'router-id-duplicate')).toBe(1);
    });

    test('router-id-duplicate between a speaker node and a router of the same AS (iBGP)', async () => {
        const result = await validateText(`${LAN}router tor { asn 65010  address 10.0.0.1 }
cluster c {
  cni cilium
  cilium-bgp { asn 65010  peers tor  advertise pod-cidrs }
  node cp1 control-plane { address 10.0.0.11  router-id 10.0.0.1 }
  node cp2 control-plane { address 10.0.0.12 }
  node cp3 control-plane { address 10.0.0.13 }
}`);
        expectAt(result, 'router-id-duplicate', 'error', { needle: '10.0.0.1', line: 'node cp1' }, /already used by router tor \(line 3\) in AS 65010/);
    });

    test('router-id-missing on the router name and on a speaker node name', async () => {
        const result = await validateText(`topology t\nnetwork v6 fd00::/64
router r1 { asn 65000  address fd00::1 }
router r2 { asn 65000  address fd00::2  router-id 10.9.9.2 }
cluster c {
  cni cilium
  cilium-bgp { asn 65010  peers r2  advertise pod-cidrs }
  node cp1 control-plane { address fd00::11 }
  node cp2 control-plane { address fd00::12  router-id 10.9.9.12 }
  node cp3 control-plane { address fd00::13  router-id 10.9.9.13 }
}`);
        expectAt(result, 'router-id-missing', 'error', { needle: 'r1' }, /Router r1 has no IPv4 address/);
        // LANGUAGE-V2 §13 (Changed): a node whose only speaker is cilium-bgp gets an info (Cilium derives a router-id).
        expectAt(result, 'router-id-missing', 'info', { needle: 'cp1' }, /Node cp1 has no IPv4 address and no router-id: Cilium derives one itself/);
        expect(countOf(result, 'router-id-missing')).toBe(2);
    });
});

describe('peering', () => {
    // A pod network and a pool, so that no block is `advertisement-empty` (LANGUAGE-V2 §7).
    const speakerCluster = (speakers: string) =>
        `cluster c {\n  cni cilium  pod-network pods-c\n${speakers}${CLUSTER_NODES}\n}\nnetwork pods-c 10.244.0.0/16 { role pod }\nnetwork lbs-c 10.245.0.0/24 { role loadbalancer }`;

    test('session-collision on the peers entry of EACH speaker block, naming the other speaker, router and nodes', async () => {
        const text = `${LAN}router tor { asn 65000  address 10.0.0.1 }\n${speakerCluster(`  kube-vip { asn 65001\n    peers tor\n  }\n  cilium-bgp { asn 65002\n    peers tor\n    advertise pod-cidrs\n  }`)}`;
        const result = await validateText(text);
        const lines = text.split('\n');
        const first = lines.findIndex((line) => line.includes('peers tor'));
        const second = lines.findIndex((line, index) => index > first && line.includes('peers tor'));
        expectError(result, /This kube-vip \(AS 65001\) and cilium-bgp \(AS 65002, line 9\) both reach router tor from the same address on cp1 \(10\.0\.0\.11\), cp2 \(10\.0\.0\.12\), cp3 \(10\.0\.0\.13\)/, {
            code: 'session-collision',
            data: { code: 'session-collision' },
            range: { start: { line: first, character: 10 }, end: { line: first, character: 13 } }
        });
        expectError(result, /This cilium-bgp \(AS 65002\) and kube-vip \(AS 65001, line 6\) both reach router tor/, {
            code: 'session-collision',
            data: { code: 'session-collision' },
            range: { start: { line: second, character: 10 }, end: { line: second, character: 13 } }
        });
        expect(countOf(result, 'session-collision')).toBe(2);
    });

    test('two speakers on one node with `source address 2` do not collide', async () => {
        const result = await validateText(
            `${LAN}router tor { asn 65000  address 10.0.0.1 }\n${speakerCluster(`  kube-vip { asn 65001  peers tor  source address 2  services pool lbs-c }\n  cilium-bgp { asn 65002  peers tor  advertise pod-cidrs }`)}`
        );
        expectNoIssues(result);
    });

    test('peer-no-path on the router entry in peers, naming the nodes; multihop is the near miss', async () => {
        const result = await validateText(
            `${LAN}network far 10.9.0.0/24\nrouter tor { asn 65000  address 10.9.0.1 }\n${speakerCluster(`  cilium-bgp { asn 65010  peers tor  advertise pod-cidrs }\n  kube-vip { asn 65011  peers tor  multihop 2  source address 2 }`)}`
        );
        expectAt(result, 'peer-no-path', 'error', { needle: 'tor', line: 'cilium-bgp' }, /No path from cilium-bgp to router tor: cp1 \(10\.0\.0\.11\), cp2 \(10\.0\.0\.12\), cp3 \(10\.0\.0\.13\) share no network/);
        expect(countOf(result, 'peer-no-path')).toBe(1);
    });

    test('ibgp-session (warning) on the speaker asn', async () => {
        const result = await validateText(`${LAN}router tor { asn 65010  address 10.0.0.1 }\n${speakerCluster(`  cilium-bgp { asn 65010  peers tor  advertise pod-cidrs }`)}`);
        expectAt(result, 'ibgp-session', 'warning', { needle: '65010', line: 'cilium-bgp' }, /the AS of router tor/);
        expect(countOf(result, 'ibgp-session')).toBe(1);
    });

    test('peer-asn-mismatch on the remote-as value; peer-half-open on the whole unmatched neighbor line', async () => {
        const result = await validateText(`${LAN}router tor {
  asn 65000
  address 10.0.0.1
  neighbor cp1 remote-as 65099
  neighbor 10.0.0.0/24 remote-as external
  neighbor 10.0.5.0/24 remote-as external
}
${speakerCluster(`  cilium-bgp { asn 65010  peers tor  advertise pod-cidrs }`)}`);
        expectAt(result, 'peer-asn-mismatch', 'error', { needle: '65099' }, /Router tor expects AS 65099 from cp1 \(10\.0\.0\.11\), but the cilium-bgp speaker there \(line 12\) uses AS 65010/);
        expectAt(result, 'peer-half-open', 'error', { needle: 'neighbor 10.0.5.0/24 remote-as external' }, /declares a neighbor for 10\.0\.5\.0\/24/);
        expect(countOf(result, 'peer-asn-mismatch')).toBe(1);
        expect(countOf(result, 'peer-half-open')).toBe(1);
    });

    test('an explicit neighbor wins over a covering range, and the longest range wins (no half-open line)', async () => {
        const result = await validateText(`${LAN}router tor {
  asn 65000
  address 10.0.0.1
  neighbor 10.0.0.0/24 remote-as external
  neighbor 10.0.0.12/32 remote-as 65010
  neighbor cp1 remote-as 65010
}
${speakerCluster(`  cilium-bgp { asn 65010  peers tor  advertise pod-cidrs }`)}`);
        expectNoIssues(result);
    });

    test('peer-half-open on the peers entry of a speaker whose sessions no neighbor line covers', async () => {
        const result = await validateText(`${LAN}router tor { asn 65000  address 10.0.0.1  neighbor cp1 remote-as 65010 }
${speakerCluster(`  cilium-bgp { asn 65010  peers tor  advertise pod-cidrs }`)}`);
        expectAt(result, 'peer-half-open', 'error', { needle: 'tor', line: 'peers tor' }, /none for cp2 \(10\.0\.0\.12\), cp3 \(10\.0\.0\.13\)/);
        expect(countOf(result, 'peer-half-open')).toBe(1);
    });

    test('speaker-conflict on the second LoadBalancer announcer and on cilium-bgp without cni cilium', async () => {
        const result = await validateText(`${LAN}network lbs 192.168.50.0/24 { role loadbalancer }
router tor { asn 65000  address 10.0.0.1 }
cluster c {
  cni calico
  metallb { asn 65010  peers tor  pool lbs }
  cilium-bgp { asn 65010  peers tor  source address 2  advertise pool lbs }${CLUSTER_NODES}
}`);
        expectAt(result, 'speaker-conflict', 'error', { needle: 'pool lbs', line: 'cilium-bgp' }, /Both metallb \(line 7\) and this cilium-bgp announce LoadBalancer IPs in cluster c/);
        expectAt(result, 'speaker-conflict', 'error', { needle: 'cilium-bgp' }, /cluster c uses cni calico/);
        expect(countOf(result, 'speaker-conflict')).toBe(2);
    });
});

describe('VIPs', () => {
    const routers = `${LAN}router r1 { asn 65000  address 10.0.0.1 }\nrouter r2 { asn 65000  address 10.0.0.2 }\n`;

    test('vrrp-vrid-duplicate on the later VIP vrid, naming the earlier; another network may reuse it', async () => {
        const result = await validateText(`${routers}network lan2 10.0.1.0/24
vip a 10.0.0.100 { keepalived vrid 10  holders r1 priority 150, r2 priority 100 }
vip b 10.0.0.101 { keepalived vrid 10  holders r1 priority 150, r2 priority 100 }
vip c 10.0.1.100 { keepalived vrid 10  holders r1 priority 150, r2 priority 100 }`);
        expectAt(result, 'vrrp-vrid-duplicate', 'error', { needle: '10', line: 'vip b' }, /VRID 10 of VIP b is already used by VIP a \(line 6\) on network lan/);
        expect(countOf(result, 'vrrp-vrid-duplicate')).toBe(1);
    });

    test('vrrp-priority: error on a priority outside 1–254, warning on the later of two equal ones', async () => {
        const result = await validateText(`${routers}vip a 10.0.0.100 { keepalived vrid 1  holders r1 priority 255, r2 priority 100 }
vip b 10.0.0.101 { keepalived vrid 2  holders r1 priority 100, r2 priority 100 }
vip c 10.0.0.102 { keepalived vrid 3  holders r1 priority 254, r2 priority 1 }`);
        expectAt(result, 'vrrp-priority', 'error', { needle: '255' }, /Priority 255 of r1 on VIP a is outside 1–254/);
        expectAt(result, 'vrrp-priority', 'warning', { needle: '100', line: 'vip b', nth: 1 }, /r2 and r1 share the highest priority 100 on VIP b/);
        expect(countOf(result, 'vrrp-priority')).toBe(2);
    });

    test('vip-single-holder (warning) on the holders entry', async () => {
        const result = await validateText(`${routers}vip a 10.0.0.100 { keepalived vrid 1  holders r1 priority 150 }
vip b 10.0.0.101 { keepalived vrid 2  holders r1 priority 150, r2 priority 100 }`);
        expectAt(result, 'vip-single-holder', 'warning', { needle: 'holders r1 priority 150', line: 'vip a' }, /VIP a has one holder \(r1\)/);
        expect(countOf(result, 'vip-single-holder')).toBe(1);
    });

    test('vip-option on the foreign option', async () => {
        const result = await validateText(`${routers}vip api 10.0.0.100 {
  kube-vip bgp
  vrid 7
  holders control-plane of c
  frontend 6443 -> control-plane of c port 6443
}
vip api2 10.0.0.101 {
  kube-vip bgp
  holders cp1 priority 100, cp2
}
cluster c {${CLUSTER_NODES}
}`);
        expectAt(result, 'vip-option', 'error', { needle: '7', line: 'vrid 7' }, /`vrid` is a VRRP option/);
        expectAt(result, 'vip-option', 'error', { needle: 'frontend 6443 -> control-plane of c port 6443' }, /`frontend`/);
        expectAt(result, 'vip-option', 'error', { needle: '100', line: 'holders cp1' }, /kube-vip holders have no priority/);
        expect(countOf(result, 'vip-option')).toBe(3);
    });

    test('vip-option: kube-vip arp without any interface; its network interface or defaults are enough', async () => {
        const result = await validateText(`topology t\nnetwork lan 10.0.0.0/24 { interface eth0 }
vip a 203.0.113.9 { kube-vip arp  holders control-plane of c }
vip b 10.0.0.100 { kube-vip arp  holders control-plane of c }
cluster c {${CLUSTER_NODES}
}`);
        expectAt(result, 'vip-option', 'error', { needle: 'arp', line: 'vip a' }, /kube-vip arp needs an interface/);
        expect(countOf(result, 'vip-option')).toBe(1);
    });

    test('vip-on-wireguard on the address (vpn network) or on the interface naming the mesh', async () => {
        const result = await validateText(`${LAN}network vpn 10.99.0.0/24 { role vpn }
router r1 { asn 65000  address 10.0.0.1  address 10.99.0.1 }
router r2 { asn 65000  address 10.0.0.2  address 10.99.0.2 }
vip a 10.99.0.100 { keepalived vrid 1  holders r1 priority 150, r2 priority 100 }
vip b 203.0.113.1 { keepalived vrid 2  holders r1 priority 150, r2 priority 100  interface wg0 }
vip c 10.0.0.100 { keepalived vrid 3  holders r1 priority 150, r2 priority 100 }
wireguard wg0 { network vpn  members r1, r2 }`);
        expectAt(result, 'vip-on-wireguard', 'error', { needle: '10.99.0.100' }, /lies in vpn network vpn \(10\.99\.0\.0\/24, line 3\)/);
        expectAt(result, 'vip-on-wireguard', 'error', { needle: 'wg0', line: 'vip b' }, /its interface wg0 is a WireGuard mesh \(line 9\)/);
        expect(countOf(result, 'vip-on-wireguard')).toBe(2);
    });
});

describe('clusters and secrets', () => {
    test('control-plane-count (warning) on the cluster name; 3 is fine', async () => {
        const result = await validateText(`${LAN}cluster two {
  node a1 control-plane { address 10.0.0.51 }
  node a2 control-plane { address 10.0.0.52 }
}
cluster three {${CLUSTER_NODES}
}`);
        expectAt(result, 'control-plane-count', 'warning', { needle: 'two' }, /Cluster two has 2 control-plane nodes/);
        expect(countOf(result, 'control-plane-count')).toBe(1);
    });

    test('secret-in-source (an error: render refuses a literal password) on the literal; a secret reference is fine', async () => {
        const result = await validateText(`${LAN}router tor { asn 65000  address 10.0.0.1 }
cluster c {
  cni cilium
  cilium-bgp { asn 65010  peers tor  advertise pod-cidrs  password "hunter2" }
  kube-vip { asn 65011  peers tor  source address 2  password secret "md5" }${CLUSTER_NODES}
}`);
        expectAt(result, 'secret-in-source', 'error', { needle: '"hunter2"' }, /literal password/);
        expect(countOf(result, 'secret-in-source')).toBe(1);
    });
});

describe('WireGuard', () => {
    const hosts = `${LAN}network vpn 10.99.0.0/24 { role vpn }
router r1 { asn 65000  address 10.0.0.1  address 10.99.0.1 }
router r2 { asn 65000  address 10.0.0.2  address 10.99.0.2 }
loadbalancer lb1 { address 10.0.0.11 }
`;

    test('wireguard-member-address on the members entry', async () => {
        const result = await validateText(`${hosts}wireguard wg0 { network vpn  members r1, lb1, r2 }`);
        expectAt(result, 'wireguard-member-address', 'error', { needle: 'lb1', line: 'wireguard' }, /Load balancer lb1 is a member of wg0 but has no address in vpn \(10\.99\.0\.0\/24\)/);
        expect(countOf(result, 'wireguard-member-address')).toBe(1);
    });

    test('wireguard-route-duplicate on the route entry; wireguard-route-unrouted likewise', async () => {
        const result = await validateText(`${hosts}vip v 10.0.0.100 { keepalived vrid 1  holders r1 priority 150, r2 priority 100 }
wireguard wg0 { network vpn  members r1, r2
  route v, 192.168.7.0/24, 192.168.8.0/24 via r1, 10.99.0.1/32 via r2
}`);
        expectAt(result, 'wireguard-route-duplicate', 'error', { needle: 'v', line: 'route v' }, /floating VIP v is held by several members/);
        expectAt(result, 'wireguard-route-unrouted', 'error', { needle: '192.168.7.0/24' }, /No member of wg0 carries 192\.168\.7\.0\/24/);
        expectAt(result, 'wireguard-route-duplicate', 'error', { needle: '10.99.0.1/32 via r2' }, /already belongs to peer r1 \(its mesh address\)/);
        expect(countOf(result, 'wireguard-route-duplicate')).toBe(2);
        expect(countOf(result, 'wireguard-route-unrouted')).toBe(1);
    });
});

describe('value-range, each kind, on the value', () => {
    test.each([
        ['port (health-check)', `vip v 10.0.0.100 { keepalived vrid 1  holders r1 priority 150, r2 priority 100  health-check tcp 65536 }`, '65536', /65536 is not a port/],
        ['port (ssh)', `router r3 { asn 65000  address 10.0.0.3  ssh ops@10.0.0.3:0 }`, '0', /0 is not a port/],
        ['VRID', `vip v 10.0.0.100 { keepalived vrid 256  holders r1 priority 150, r2 priority 100 }`, '256', /256 is not a VRID/],
        ['maximum-paths', `router r3 { asn 65000  address 10.0.0.3  maximum-paths 65 }`, '65', /65 is not maximum-paths: use 1–64/],
        ['zero duration', `vip v 10.0.0.100 { keepalived vrid 1  advert 0ms  holders r1 priority 150, r2 priority 100 }`, '0ms', /zero/]
    ])('%s', async (_kind, declaration, needle, message) => {
        const result = await validateText(`${LAN}router r1 { asn 65000  address 10.0.0.1 }\nrouter r2 { asn 65000  address 10.0.0.2 }\n${declaration}`);
        const line = declaration.slice(0, 12);
        expectAt(result, 'value-range', 'error', { needle, line }, message);
        expect(countOf(result, 'value-range')).toBe(1);
    });

    test.each([
        ['MTU', `cni calico { mtu 9217 }`, '9217', /9217 is not an MTU/],
        ['multihop', `cilium-bgp { asn 65010  peers tor  multihop 256  advertise pod-cidrs }`, '256', /256 is not a multihop TTL/],
        ['hold time', `cilium-bgp { asn 65010  peers tor  hold 2s  advertise pod-cidrs }`, '2s', /use 0s \(no keepalives\) or 3s–65535s/]
    ])('%s', async (_kind, line, needle, message) => {
        const result = await validateText(`${LAN}router tor { asn 65000  address 10.0.0.1 }\ncluster c {\n  cni cilium\n  ${line}${CLUSTER_NODES}\n}`);
        expectAt(result, 'value-range', 'error', { needle, line }, message);
        expect(countOf(result, 'value-range')).toBe(1);
    });

    test('the edges are in range', async () => {
        const result = await validateText(`${LAN}router tor { asn 65000  address 10.0.0.1  maximum-paths 64  ssh ops@10.0.0.1:65535 }
router r2 { asn 65000  address 10.0.0.2  maximum-paths 1 }
vip v 10.0.0.100 { keepalived vrid 255  advert 1ms  holders tor priority 150, r2 priority 100  health-check tcp 1 every 1ms }
cluster c {
  cni calico { mtu 576 }
  metallb { asn 65010  peers tor  multihop 255  hold 3s  keepalive 1s }${CLUSTER_NODES}
}`);
        expectNoIssues(result, { code: 'value-range' });
    });
});

/**
 * Session derivation (LANGUAGE.md, "Peering semantics"): one session per (speaker node, peer router), from
 * the node's chosen source address to the router's address on that network, eBGP or iBGP by ASN, multihop
 * towards the router's first address of the family, and what each node may announce.
 */
import { describe, expect, test } from 'vitest';
import { lower } from './model-fixtures.js';

const BASE = `topology sessions
network fabric 10.0.1.0/24 { interface eth0 }
network lan    10.77.0.0/24 { interface eth1 }
network pods   10.244.0.0/16 { role pod }
network lbpool 203.0.113.0/24 { role loadbalancer }
router r1 { asn 64512  address 10.0.1.1  address 10.77.0.1 }
router r2 { asn 65010  address 10.77.0.2 }
`;

describe('session derivation', () => {
    test('one session per speaker node and peer, sourced from the first address, to the router on that network', async () => {
        const model = await lower(`${BASE}cluster k {
  pod-network pods
  metallb { asn 65010  peers r1, r2  pool lbpool  speakers workers }
  node cp1 control-plane { address 10.77.0.21 }
  node w1 worker { address 10.77.0.31  address 10.0.1.31  pod-cidr 10.244.1.0/24 }
  node w2 worker { address 10.77.0.32 }
}
`);
        expect(model.sessions.map((s) => [s.id, s.source?.address.text, s.destination?.address.text, s.type, s.singleHop])).toEqual([
            ['k/metallb/w1->r1', '10.77.0.31', '10.77.0.1', 'ebgp', true],
            ['k/metallb/w1->r2', '10.77.0.31', '10.77.0.2', 'ibgp', true],
            ['k/metallb/w2->r1', '10.77.0.32', '10.77.0.1', 'ebgp', true],
            ['k/metallb/w2->r2', '10.77.0.32', '10.77.0.2', 'ibgp', true]
        ]);
        // Each router lists the sessions towards it, and they are the model's own session objects.
        const [r1] = model.routers;
        expect(r1!.sessions.map((s) => s.node.name)).toEqual(['w1', 'w2']);
        expect(r1!.sessions.every((s) => model.sessions.includes(s))).toBe(true);
        // MetalLB announces its pool, never more specific than the pool itself.
        expect(model.sessions[0]!.announcements).toEqual([expect.objectContaining({ origin: 'pool', exact: false, prefix: expect.objectContaining({ text: '203.0.113.0/24' }) })]);
    });

    test('`source address N` and `source interface IF` pick the source; no shared network without multihop is no path', async () => {
        const model = await lower(`${BASE}cluster k {
  cilium-bgp { asn 65020  peers r1  source address 2  advertise pod-cidrs }
  kube-vip { asn 65030  peers r1, r2  source interface eth1 }
  node cp1 control-plane { address 10.0.1.21  address 10.77.0.21  pod-cidr 10.244.7.0/24 }
}
`);
        const byId = new Map(model.sessions.map((s) => [s.id, s]));
        const cilium = byId.get('k/cilium-bgp/cp1->r1')!;
        expect([cilium.source?.address.text, cilium.destination?.address.text]).toEqual(['10.77.0.21', '10.77.0.1']);
        expect(cilium.announcements.map((a) => [a.origin, a.prefix.text, a.exact])).toEqual([['pod-cidr', '10.244.7.0/24', true]]);
        const kubeVip = byId.get('k/kube-vip/cp1->r2')!;
        expect([kubeVip.source?.address.text, kubeVip.destination?.address.text, kubeVip.noPath]).toEqual(['10.77.0.21', '10.77.0.2', false]);
    });

    test('multihop dials the router\'s first address of the family; without it the session has no path', async () => {
        const text = (multihop: string) => `${BASE}network far 10.88.0.0/24
cluster k {
  metallb { asn 65010  peers r1  pool lbpool ${multihop} }
  node cp1 control-plane { address 10.88.0.21 }
}
`;
        const [hop] = (await lower(text('multihop 3'))).sessions;
        expect([hop!.destination?.address.text, hop!.singleHop, hop!.noPath, hop!.multihop]).toEqual(['10.0.1.1', false, false, 3]);
        const [none] = (await lower(text(''))).sessions;
        expect([none!.destination, none!.noPath]).toEqual([undefined, true]);
    });
});

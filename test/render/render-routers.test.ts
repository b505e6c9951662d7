/**
 * What routers and Calico get from LANGUAGE-V2 §4 and §8 (the `router-fabric` corpus topology; its files also pass
 * vtysh --dryrun / bgpd -C and the Calico CRD schemas in render-checkers.test.ts): loopbacks on lo, bgpd's listen
 * port, router-to-router and upstream neighbors as peer-groups of one, unnumbered interface peering, update-source,
 * next-hop-self, reflector clients and cluster-id, graceful restart, maximum-paths ibgp, the fabric policy; Calico's
 * BGPConfiguration, BGPPeers, per-node AS and password access.
 */
import { describe, expect, test } from 'vitest';
import { load as parseYaml } from 'js-yaml';
import type { RenderedFile } from '../../src/render/render-types.js';
import { ROUTER_FABRIC } from './focused-topologies.js';
import { renderText } from './render-fixtures.js';

const secrets = (name: string): string => `S-${name}`;
const files = (await renderText(ROUTER_FABRIC, { secrets })).files;

function file(host: string, path: string): string {
    const found = files.find((f: RenderedFile) => (f.host ?? f.cluster) === host && f.path === path);
    if (!found) {
        throw new Error(`no ${host} ${path}`);
    }
    return found.content;
}

const conf = (router: string): string => file(router, '/etc/frr/frr.conf');

describe('FRR: routers beyond the rack', () => {
    test('loopbacks go on lo (both families) and the IPv4 one is the router-id', () => {
        expect(conf('tor-b1')).toContain('interface lo\n ip address 192.0.2.243/32\n ipv6 address 2001:db8:ff::3/128\nexit\n');
        expect(conf('tor-b1')).toContain(' bgp router-id 192.0.2.243\n');
    });

    test("bgpd listens on the router's listen-port; a router dialling it uses that port", () => {
        expect(file('tor-a1', '/etc/frr/daemons')).toContain('bgpd_options="   -A 127.0.0.1 -p 180"');
        expect(file('spine', '/etc/frr/daemons')).toContain('bgpd_options="   -A 127.0.0.1"');
        expect(conf('spine')).toContain(' neighbor RTR-tor-a1 port 180\n');
        expect(conf('tor-a1')).not.toContain(' port ');
    });

    test('a router-to-router session is a peer-group of one on both sides, options from either side', () => {
        for (const line of [
            ' neighbor RTR-tor-a1 remote-as 65101',
            ' neighbor RTR-tor-a1 password S-fabric',
            ' neighbor RTR-tor-a1 bfd profile bfd-300-300-3',
            ' neighbor 192.0.2.130 peer-group RTR-tor-a1'
        ]) {
            expect(conf('spine')).toContain(`${line}\n`);
        }
        expect(conf('tor-a1')).toContain(' neighbor 192.0.2.129 peer-group RTR-spine\n');
        expect(conf('tor-a1')).toContain(' neighbor RTR-spine password S-fabric\n');
    });

    test('next-hop-self applies to what the declaring router sends', () => {
        expect(conf('tor-a1')).toMatch(/address-family ipv4 unicast[\s\S]* neighbor RTR-spine next-hop-self\n/);
        expect(conf('spine')).not.toContain('next-hop-self');
    });

    test('`to loopback` between routers: multihop 2 and update-source from the own loopback, on both sides', () => {
        expect(conf('tor-a2')).toContain(' neighbor RTR-spine ebgp-multihop 2\n neighbor RTR-spine update-source 192.0.2.242\n');
        expect(conf('spine')).toContain(' neighbor RTR-tor-a2 update-source 192.0.2.254\n');
        expect(conf('spine')).toContain(' neighbor 192.0.2.242 peer-group RTR-tor-a2\n');
    });

    test('unnumbered: interface peering on each side with its own interface, activated for IPv6 too', () => {
        expect(conf('tor-a1')).toContain(' neighbor swp3 interface peer-group RTR-tor-a2\n');
        expect(conf('tor-a2')).toContain(' neighbor swp1 interface peer-group RTR-tor-a1\n');
        expect(conf('tor-a2')).toMatch(/address-family ipv6 unicast\n  neighbor RTR-tor-a1 activate\n/);
    });

    test('an IPv6 router session gets its own group, activated in IPv6 and denied in IPv4', () => {
        expect(conf('spine')).toContain(' neighbor 2001:db8:f::3 peer-group RTR-tor-b1-6\n');
        expect(conf('spine')).toContain('  neighbor RTR-tor-b1-6 route-map RM-DENY-ALL in\n');
        expect(conf('spine')).toMatch(/address-family ipv6 unicast\n  neighbor RTR-tor-b1-6 activate\n  neighbor RTR-tor-b1-6 route-map RM-FABRIC in\n/);
    });

    test('routers carry exactly the speakers\' prefixes and the loopbacks between them', () => {
        const spine = conf('spine');
        // The pool's host routes exactly (issue 17), the pod network as any of its prefixes.
        expect(spine).toContain('ip prefix-list PL-FABRIC-IN seq 10 permit 203.0.113.0/26 ge 32\n');
        expect(spine).toContain('permit 10.244.0.0/16 le 32\n');
        expect(spine).toContain('permit 192.0.2.254/32\n');
        expect(spine).toContain('ipv6 prefix-list PL-FABRIC-IN6 seq 10 permit 2001:db8:ff::3/128\n');
        expect(spine).toContain('  neighbor RTR-tor-a1 route-map RM-FABRIC in\n  neighbor RTR-tor-a1 route-map RM-FABRIC out\n');
    });

    test('speaker peer-groups keep what they receive before the policy (soft-reconfiguration inbound); router and upstream groups do not', () => {
        const tor = conf('tor-b1');
        expect(tor).toContain('  neighbor kc-calico-bgp soft-reconfiguration inbound\n');
        expect(tor.match(/soft-reconfiguration inbound/g)).toHaveLength(tor.match(/ neighbor \S+ route-map RM-\S+-IN6? in\n/g)!.length);
        expect(conf('spine')).not.toContain('soft-reconfiguration');
    });

    test('an upstream without announce/accept: its own group, nothing either way', () => {
        const spine = conf('spine');
        expect(spine).toContain(' neighbor UP-192.0.2.145 remote-as 65000\n');
        expect(spine).toContain(' neighbor UP-192.0.2.145 timers 10 30\n');
        expect(spine).toContain(' neighbor UP-192.0.2.145 password S-core\n');
        expect(spine).toContain(' neighbor 192.0.2.145 peer-group UP-192.0.2.145\n');
        expect(spine).toContain('  neighbor UP-192.0.2.145 route-map RM-DENY-ALL in\n  neighbor UP-192.0.2.145 route-map RM-DENY-ALL out\n');
    });

    test('route reflector: cluster-id, iBGP speaker group as client reflecting what it announces, maximum-paths ibgp', () => {
        const tor = conf('tor-b1');
        expect(tor).toContain(' bgp cluster-id 192.0.2.243\n');
        expect(tor).toContain('  neighbor kc-calico-bgp route-map RM-kc-calico-bgp-IN in\n  neighbor kc-calico-bgp route-map RM-kc-calico-bgp-IN out\n');
        expect(tor).toContain('  neighbor kc-calico-bgp route-reflector-client\n');
        expect(tor).toContain('  maximum-paths ibgp 16\n');
        // Calico announces its IPAM blocks from the pod network, not the node's pod-cidr.
        expect(tor).toContain('ip prefix-list PL-kc-calico-bgp-IN seq 10 permit 10.244.0.0/16 le 32\n');
        // eBGP-only routers get no `maximum-paths ibgp`
        expect(conf('spine')).not.toContain('maximum-paths ibgp');
    });

    test("router graceful restart and the group's GR", () => {
        expect(conf('tor-a2')).toContain(' bgp graceful-restart\n bgp graceful-restart restart-time 120\n');
        // FRR 8.4 ignores the peer-group's own line for its member: the router's global mode is what applies, and the
        // router's other named neighbors keep helper mode by their own line, configured before any that follows the
        // global mode (bgpd refuses it after one).
        const spine = conf('spine');
        expect(spine).toContain(' bgp graceful-restart\n');
        expect(spine).not.toContain(' neighbor RTR-tor-b1 graceful-restart\n');
        const helpers = [...spine.matchAll(/^ neighbor (\S+) graceful-restart-helper$/gm)].map((m) => m[1]);
        expect(helpers.length).toBeGreaterThan(0);
        expect(helpers).not.toContain('192.0.2.132');
        const last = Math.max(...helpers.map((address) => spine.indexOf(` neighbor ${address} graceful-restart-helper`)));
        expect(spine.indexOf(' neighbor 192.0.2.132 peer-group RTR-tor-b1')).toBeGreaterThan(last);
    });
});

describe('Calico: calico-bgp', () => {
    const docs = file('kc', 'clusters/kc/calico.yaml')
        .split(/^---$/m)
        .map((part) => parseYaml(part) as { kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: Record<string, unknown> })
        .filter(Boolean);
    const ofKind = (kind: string) => docs.filter((doc) => doc.kind === kind);

    test('BGPConfiguration default: the AS as an integer, the mesh off', () => {
        expect(ofKind('BGPConfiguration')).toEqual([
            { apiVersion: 'projectcalico.org/v3', kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: { asNumber: 64600, nodeToNodeMeshEnabled: false } }
        ]);
    });

    test('one BGPPeer per group, router and family: address, AS, nodes, source, keepalive, restart time, password', () => {
        expect(ofKind('BGPPeer').map((doc) => doc.spec)).toEqual([
            {
                peerIP: '192.0.2.65',
                asNumber: 65102,
                nodeSelector: "kubernetes.io/hostname in {'k1', 'k2', 'k3'}",
                sourceAddress: 'UseNodeIP',
                keepaliveTime: '20s',
                maxRestartTime: '300s',
                password: { secretKeyRef: { name: 'rack-b', key: 'password' } }
            }
        ]);
    });

    test("the group's own AS goes on its nodes as projectcalico.org/ASNumber (in nodes.yaml); calico-node may read the password", () => {
        expect(ofKind('Node')).toEqual([]);
        const nodes = file('kc', 'clusters/kc/nodes.yaml')
            .split(/^---$/m)
            .map((part) => parseYaml(part) as { kind: string; metadata: { name: string; annotations?: Record<string, string> } })
            .filter(Boolean);
        expect(nodes.map((doc) => [doc.kind, doc.metadata.name, doc.metadata.annotations])).toEqual([
            ['Node', 'k1', { 'projectcalico.org/ASNumber': '65102' }],
            ['Node', 'k2', { 'projectcalico.org/ASNumber': '65102' }],
            ['Node', 'k3', { 'projectcalico.org/ASNumber': '65102' }]
        ]);
        expect(ofKind('Role')).toHaveLength(1);
        expect(ofKind('RoleBinding')).toHaveLength(1);
    });

    test("a router's listen-port reaches peerIP (IPv4 A:PORT, IPv6 [A]:PORT); a second address on the link is sourceAddress None", async () => {
        const text = `topology p
network lan 192.0.2.0/24
network lan-b 203.0.113.0/24
network lan6 2001:db8:1::/64
network pods 10.244.0.0/16 { role pod }
router r { asn 65001  address 192.0.2.1  address 2001:db8:1::1  listen-port 1179 }
router s { asn 65002  address 203.0.113.1 }
cluster c {
  pod-network pods
  cni calico { encapsulation vxlan }
  calico-bgp { asn 64512  peer r { families ipv4, ipv6 }  peer s  advertise pod-cidrs }
  node n1 control-plane { address 192.0.2.11  address 2001:db8:1::11  address 203.0.113.11 }
  node n2 control-plane { address 192.0.2.12  address 2001:db8:1::12  address 203.0.113.12 }
  node n3 control-plane { address 192.0.2.13  address 2001:db8:1::13  address 203.0.113.13 }
}
`;
        const rendered = (await renderText(text)).files.find((f) => f.path === 'clusters/c/calico.yaml')!.content;
        const peers = rendered
            .split(/^---$/m)
            .map((part) => parseYaml(part) as { kind: string; spec: { peerIP: string; sourceAddress: string } })
            .filter((doc) => doc?.kind === 'BGPPeer')
            .map((doc) => [doc.spec.peerIP, doc.spec.sourceAddress]);
        expect(peers).toEqual([
            ['192.0.2.1:1179', 'UseNodeIP'],
            ['[2001:db8:1::1]:1179', 'UseNodeIP'],
            ['203.0.113.1', 'None']
        ]);
    });
});

/**
 * What each consumer gets from LANGUAGE-V2 peer groups (the `peer-groups` corpus topology; its files also pass
 * the real checkers in render-checkers.test.ts): one FRR peer-group per group with its options, MetalLB BGPPeers
 * per group with the group's fields and BFD profiles, Cilium cluster configs per node partition and peer configs
 * per option set, kube-vip's per-peer BFD and password with the node's group timers.
 */
import { describe, expect, test } from 'vitest';
import { load as parseYaml } from 'js-yaml';
import type { RenderedFile } from '../../src/render/render-types.js';
import { PEER_GROUPS } from './focused-topologies.js';
import { renderText } from './render-fixtures.js';

const secrets = (name: string): string => `S-${name}`;
const files = (await renderText(PEER_GROUPS, { secrets })).files;

function file(host: string | undefined, path: string): RenderedFile {
    const found = files.find((f) => (f.host ?? f.cluster) === host && f.path === path);
    if (!found) {
        throw new Error(`no ${host} ${path}`);
    }
    return found;
}

function documents(cluster: string, kind: string): Array<{ kind: string; metadata: { name: string }; spec: Record<string, unknown> }> {
    return file(cluster, `clusters/${cluster}/${kind}.yaml`)
        .content.split(/^---$/m)
        .map((part) => parseYaml(part) as { kind: string; metadata: { name: string }; spec: Record<string, unknown> })
        .filter(Boolean);
}

describe('FRR: one peer-group per group, with its options', () => {
    test("tor-a: rack a's group with BFD profile, timers, connect timer, GR and password; the loopback group", () => {
        const conf = file('tor-a', '/etc/frr/frr.conf').content;
        for (const line of [
            ' neighbor prod-metallb-g1 remote-as 64601',
            ' neighbor prod-metallb-g1 password S-rack-a',
            ' neighbor prod-metallb-g1 bfd profile bfd-200-250-4',
            ' neighbor prod-metallb-g1 timers 30 90',
            ' neighbor prod-metallb-g1 timers connect 5',
            ' neighbor prod-metallb-g1 graceful-restart',
            ' neighbor prod-metallb-g3 ebgp-multihop 2',
            ' neighbor prod-metallb-g3 update-source 192.0.2.250',
            ' bgp listen range 192.0.2.91/32 peer-group prod-metallb-g3',
            ' profile bfd-200-250-4',
            '  receive-interval 200',
            '  transmit-interval 250',
            '  detect-multiplier 4'
        ]) {
            expect(conf.split('\n'), line).toContain(line);
        }
        expect(conf).not.toMatch(/prod-metallb-g3 (bfd|password|graceful-restart)/);
    });

    test('tor-b: hold 0 as `timers 0 0`, IPv4 over the IPv6 session, its listen port in bgpd options', () => {
        const conf = file('tor-b', '/etc/frr/frr.conf').content.split('\n');
        expect(conf).toContain(' neighbor prod-metallb-g2 timers 0 0');
        expect(conf).toContain(' neighbor prod-metallb-g2 capability extended-nexthop');
        expect(conf).toContain(' bgp listen range 2001:db8:b::75/128 peer-group prod-metallb-g2');
        expect(file('tor-b', '/etc/frr/daemons').content).toMatch(/^bgpd_options=" {3}-A 127\.0\.0\.1 -p 1790"$/m);
        expect(file('tor-a', '/etc/frr/daemons').content).toMatch(/^bgpd_options=" {3}-A 127\.0\.0\.1"$/m);
    });
});

describe('MetalLB: BGPPeer per (group, router, family, address)', () => {
    test('each group its own AS, nodes and options; one BFDProfile per profile', () => {
        const docs = documents('prod', 'metallb');
        const peers = docs.filter((d) => d.kind === 'BGPPeer');
        const byAddress = Object.fromEntries(peers.map((p) => [`${p.spec.peerAddress}`, p.spec]));
        expect(byAddress['192.0.2.1']).toMatchObject({
            myASN: 64601,
            holdTime: '90s',
            connectTime: '5s',
            enableGracefulRestart: true,
            bfdProfile: 'bgptopo-bfd-200-250-4',
            passwordSecret: { name: 'rack-a', namespace: 'metallb-system' }
        });
        expect(byAddress['2001:db8:b::1']).toMatchObject({ myASN: 64602, peerPort: 1790, holdTime: '0s', keepaliveTime: '0s', dualStackAddressFamily: true, bfdProfile: 'bgptopo-bfd' });
        expect(byAddress['192.0.2.250']).toMatchObject({ myASN: 64601, ebgpMultiHop: true, holdTime: '9s', keepaliveTime: '3s' });
        expect(byAddress['192.0.2.250'].bfdProfile).toBeUndefined();
        // A group chosen by label terms keeps them as its nodeSelectors (LANGUAGE-V2 §1); a node list stays hostnames.
        const selectorOf = (spec: Record<string, unknown>): unknown => spec.nodeSelectors;
        expect(selectorOf(byAddress['192.0.2.1'])).toEqual([{ matchExpressions: [{ key: 'rack', operator: 'In', values: ['a'] }] }]);
        expect(selectorOf(byAddress['2001:db8:b::1'])).toEqual([{ matchExpressions: [{ key: 'rack', operator: 'In', values: ['b'] }] }]);
        expect(selectorOf(byAddress['192.0.2.250'])).toEqual([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['w9'] }] }]);
        const profiles = docs.filter((d) => d.kind === 'BFDProfile').map((d) => [d.metadata.name, d.spec]);
        expect(profiles).toEqual([
            ['bgptopo-bfd-200-250-4', { receiveInterval: 200, transmitInterval: 250, detectMultiplier: 4 }],
            ['bgptopo-bfd', { receiveInterval: 300, transmitInterval: 300, detectMultiplier: 3 }]
        ]);
    });
});

describe('Cilium: a cluster config per part of the node partition, a peer config per option set', () => {
    test('two parts with their own local AS and peers; two peer configs', () => {
        const docs = documents('edge', 'cilium');
        const clusterConfigs = docs.filter((d) => d.kind === 'CiliumBGPClusterConfig');
        expect(clusterConfigs.map((d) => JSON.stringify([d.spec.nodeSelector, d.spec.bgpInstances]))).toEqual([
            JSON.stringify([
                { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] },
                [
                    {
                        name: 'instance-64700',
                        localASN: 64700,
                        peers: [
                            { name: 'leaf', peerAddress: '198.51.100.1', peerASN: 65201, peerConfigRef: { name: 'edge-bgp-peer' } },
                            { name: 'leaf-v6', peerAddress: '2001:db8:c::1', peerASN: 65201, peerConfigRef: { name: 'edge-bgp-peer' } }
                        ]
                    }
                ]
            ]),
            JSON.stringify([
                { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] },
                [{ name: 'instance-64701', localASN: 64701, peers: [{ name: 'leaf2', peerAddress: '198.51.100.2', peerASN: 65202, peerConfigRef: { name: 'edge-bgp-peer-2' } }] }]
            ])
        ]);
        const peerConfigs = Object.fromEntries(docs.filter((d) => d.kind === 'CiliumBGPPeerConfig').map((d) => [d.metadata.name, d.spec]));
        expect(peerConfigs['edge-bgp-peer']).toMatchObject({
            transport: { peerPort: 1179 },
            timers: { connectRetryTimeSeconds: 5, holdTimeSeconds: 9, keepAliveTimeSeconds: 3 },
            gracefulRestart: { enabled: true, restartTimeSeconds: 300 }
        });
        expect(peerConfigs['edge-bgp-peer-2']).toMatchObject({ authSecretRef: 'edge-leaf2' });
        expect(peerConfigs['edge-bgp-peer-2'].timers).toBeUndefined();
    });
});

describe('kube-vip: one process per node, per-peer BFD and password', () => {
    test('bgp_peers carries each group’s BFD timers, password and multihop; the timers are the block’s', () => {
        const pod = parseYaml(file('k1', '/etc/kubernetes/manifests/kube-vip.yaml').content.split(/^---$/m).filter((p) => p.trim() && !p.trim().startsWith('#')).pop()!) as {
            spec: { containers: Array<{ env: Array<{ name: string; value: string }> }> };
        };
        const env = Object.fromEntries(pod.spec.containers[0].env.map((e) => [e.name, e.value]));
        expect(env.bgp_peers).toBe('198.51.100.65:65300:S-kv-gw1:false:::true;200;250;4,198.51.100.66:65301::true');
        expect(env.bgp_hold_time).toBe('30');
        expect(env.bgp_keepalive_interval).toBe('10');
        expect(env.bgp_as).toBe('64800');
    });
});

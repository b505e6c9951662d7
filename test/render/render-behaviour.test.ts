/** What the renderers decide, case by case (the checkers prove syntax; these prove meaning). */
import { describe, expect, test } from 'vitest';
import { outputPath } from '../../src/render/output-paths.js';
import { renderTopology } from '../../src/render/render-topology.js';
import { RenderError, RenderErrors, type RenderedFile } from '../../src/render/render-types.js';
import { testSecret } from './render-corpus.js';
import { BGP_FEATURES, manyNodes, NEIGHBORS_ARP_WG } from './focused-topologies.js';
import { exampleText, modelOf, renderExample, renderText, testOptions } from './render-fixtures.js';

const find = (files: RenderedFile[], kind: string, owner: string) => files.find((f) => f.kind === kind && (f.host ?? f.cluster) === owner)!;

describe('FRR', () => {
    test('multipath-relax only when eBGP speakers use different ASNs; maximum-paths 16 by default for shared prefixes', async () => {
        const kubevip = (await renderExample('seed-kubevip-cilium-fixed')).files;
        const tor1 = find(kubevip, 'frr', 'tor1').content;
        expect(tor1).toContain(' bgp bestpath as-path multipath-relax\n');
        expect(tor1).toContain('  maximum-paths 16\n');
        const metallb = (await renderExample('seed-metallb-frr-ha-fixed')).files;
        expect(find(metallb, 'frr', 'r1').content).not.toContain('multipath-relax');
    });

    test('one peer-group per speaker with a /32 listen range per session source, never the VIP', async () => {
        const tor1 = find((await renderExample('seed-kubevip-cilium-fixed')).files, 'frr', 'tor1').content;
        expect(tor1.match(/^ bgp listen range (\S+) peer-group prod-kube-vip$/gm)).toEqual([
            ' bgp listen range 10.0.2.5/32 peer-group prod-kube-vip',
            ' bgp listen range 10.0.2.6/32 peer-group prod-kube-vip',
            ' bgp listen range 10.0.2.7/32 peer-group prod-kube-vip'
        ]);
        expect(tor1).toContain('ip prefix-list PL-prod-kube-vip-IN seq 10 permit 192.168.1.100/32\n');
        expect(tor1).toContain('ip prefix-list PL-prod-cilium-bgp-IN seq 20 permit 192.168.200.0/24 ge 32\n');
        expect(tor1).toContain('ip prefix-list PL-prod-cilium-bgp-IN seq 10 permit 10.244.1.0/24\n');
    });

    test('BFD, timers, multihop, explicit maximum-paths, and bfdd in the daemons file', async () => {
        const files = (await renderText(BGP_FEATURES, { secrets: testSecret })).files;
        const edge = find(files, 'frr', 'edge').content;
        expect(edge).toContain(' neighbor c1-metallb bfd\n');
        expect(edge).toContain(' neighbor c1-metallb timers 3 9\n');
        expect(edge).toContain(' neighbor c1-metallb ebgp-multihop 2\n');
        expect(edge).toContain('  maximum-paths 8\n');
        expect(find(files, 'frr', 'far').content).not.toContain(' bfd\n');
        expect(find(files, 'frr-daemons', 'edge').content).toMatch(/^bgpd=yes$[\s\S]*^bfdd=yes$/m);
        expect(find(files, 'frr-daemons', 'far').content).toMatch(/^bfdd=no$/m);
    });

    test('neighbor lines become passive explicit neighbors and listen-range peer-groups', async () => {
        const gw = find((await renderText(NEIGHBORS_ARP_WG, { secrets: testSecret })).files, 'frr', 'gw').content;
        expect(gw).toContain(' neighbor 172.16.0.11 remote-as 65201\n neighbor 172.16.0.11 description cilium-bgp on node a1\n neighbor 172.16.0.11 passive\n');
        expect(gw).toContain('  neighbor 172.16.0.11 route-map RM-a1-cilium-bgp-IN in\n');
        expect(gw).toContain(' bgp listen range 172.17.0.0/24 peer-group range-172-17-0-0-24\n');
        expect(gw).not.toMatch(/peer-group (east|west)-cilium-bgp/);
    });

    test('more than 100 dynamic neighbors raise bgp listen limit', async () => {
        const tor = find((await renderText(manyNodes(120))).files, 'frr', 'tor').content;
        expect(tor).toContain(' bgp listen limit 120\n');
        const small = find((await renderText(manyNodes(10))).files, 'frr', 'tor').content;
        expect(small).not.toContain('listen limit');
    });
});

describe('keepalived', () => {
    test('highest priority starts MASTER; unicast to the other holders on the VIP network', async () => {
        const files = (await renderExample('seed-metallb-frr-ha-fixed')).files;
        const r1 = find(files, 'keepalived', 'r1').content;
        const r2 = find(files, 'keepalived', 'r2').content;
        expect(r1).toMatch(/state MASTER\n[\s\S]*priority 150\n[\s\S]*unicast_src_ip 198\.51\.100\.1\n\s+unicast_peer \{\n\s+198\.51\.100\.2\n/);
        expect(r2).toMatch(/state BACKUP\n[\s\S]*priority 100\n[\s\S]*unicast_src_ip 198\.51\.100\.2\n/);
        expect(r1).toContain('198.51.100.250/24\n');
    });

    test('multicast when a holder has no address on the VIP network; VRRPv3 for sub-second adverts', async () => {
        const text = `topology mc
network lan 172.16.0.0/24 { interface ens18 }
loadbalancer x1 { address 10.1.0.1 }
loadbalancer x2 { address 172.16.0.2 }
vip v 172.16.0.50 {
  keepalived vrid 9 advert 500ms
  holders x1 priority 110, x2 priority 100
}
`;
        const b1 = find((await renderText(text)).files, 'keepalived', 'x1').content;
        expect(b1).not.toContain('unicast');
        expect(b1).toContain('    version 3\n');
        expect(b1).toContain('    advert_int 0.5\n');
    });

    test('the health check is a TCP probe of 127.0.0.1 with tools Debian has', async () => {
        const lb1 = find((await renderExample('seed-metallb-frr-ha-fixed')).files, 'keepalived', 'lb1').content;
        expect(lb1).toContain(`script "/usr/bin/timeout 2 /bin/bash -c '</dev/tcp/127.0.0.1/6443'"`);
        expect(lb1).toMatch(/track_script \{\n\s+chk_api-vip_tcp_6443\n/);
    });
});

describe('HAProxy', () => {
    test('binds the VIP (and loopback for the health check), balances over the control planes', async () => {
        const lb1 = find((await renderExample('seed-metallb-frr-ha-fixed')).files, 'haproxy', 'lb1').content;
        expect(lb1).toContain('    bind 198.51.100.100:6443\n    bind 127.0.0.1:6443\n');
        expect(lb1).not.toContain('*:6443');
        expect(lb1.match(/^    server cp\d \S+ check check-ssl verify none$/gm)).toHaveLength(3);
        expect(lb1).toContain('    option httpchk GET /readyz\n    http-check expect status 200\n');
    });

    test('refuses to bind the apiserver port on a control-plane node', async () => {
        const text = exampleText('seed-metallb-frr-ha-fixed').replace('holders lb1 priority 150, lb2 priority 100', 'holders cp1 priority 150, cp2 priority 100');
        const model = await modelOf(text, { allowErrors: true });
        expect(() => renderTopology(model, testOptions({ only: ['haproxy'] }))).toThrow(/cp1 runs kube-apiserver on port 6443/);
    });
});

describe('kube-vip', () => {
    test('per-node router-id, bgp_peers address:AS::false, source ip, no leader election', async () => {
        const files = (await renderExample('seed-kubevip-cilium-fixed')).files;
        for (const [node, routerId, source] of [['cp1', '10.0.1.5', '10.0.2.5'], ['cp3', '10.0.1.7', '10.0.2.7']]) {
            const pod = find(files, 'kube-vip', node).content;
            expect(pod).toContain(`- name: bgp_routerid\n          value: ${routerId}\n`);
            expect(pod).toContain(`- name: bgp_sourceip\n          value: ${source}\n`);
            expect(pod).toContain('- name: bgp_peers\n          value: 10.0.0.1:65000::false,10.0.0.2:65000::false\n');
            expect(pod).toContain('- name: vip_leaderelection\n          value: "false"\n');
            expect(pod).not.toMatch(/bgp_routerid\n\s+value: 192\.168\.1\.100/);
        }
    });

    test('bootstrap mounts super-admin.conf on the first control plane only', async () => {
        const files = (await renderExample('seed-kubevip-cilium-fixed', { bootstrap: true })).files;
        expect(find(files, 'kube-vip', 'cp1').content).toContain('path: /etc/kubernetes/super-admin.conf\n');
        expect(find(files, 'kube-vip', 'cp2').content).not.toContain('super-admin.conf');
        expect(find(files, 'kube-vip', 'cp2').content).toContain('path: /etc/kubernetes/admin.conf\n');
    });
});

describe('cluster manifests', () => {
    test('MetalLB: one BGPPeer per router, node selectors for a worker-only speaker; per node with source', async () => {
        const dc1 = find((await renderExample('seed-metallb-frr-ha-fixed')).files, 'metallb', 'k8s').content;
        expect(dc1.match(/^kind: BGPPeer$/gm)).toHaveLength(2);
        expect(dc1).toContain('values:\n            - w1\n            - w2\n            - w3\n');
        const c1 = find((await renderText(BGP_FEATURES, { secrets: testSecret })).files, 'metallb', 'c1').content;
        expect(c1.match(/^kind: BGPPeer$/gm)).toHaveLength(4);
        expect(c1).toContain('  sourceAddress: 10.10.2.11\n');
    });

    test('Cilium: the peer config selects the advertisement by a label it carries', async () => {
        const cilium = find((await renderExample('seed-kubevip-cilium-fixed')).files, 'cilium', 'prod').content;
        expect(cilium.match(/bgptopo\.io\/advertise: prod-bgp/g)).toHaveLength(2);
        expect(cilium).toContain('advertisementType: Service');
        expect(cilium).toContain('operator: NotIn');
    });

    test('Calico: IPIP from the cluster encapsulation', async () => {
        const calico = find((await renderExample('seed-metallb-frr-ha-fixed')).files, 'calico', 'k8s').content;
        expect(calico).toContain('  ipipMode: Always\n  vxlanMode: Never\n');
    });
});

describe('entry point', () => {
    test('only and hosts filter the files', async () => {
        const model = await modelOf(exampleText('seed-metallb-frr-ha-fixed'));
        const only = renderTopology(model, testOptions({ only: ['wireguard'] })).files;
        expect(new Set(only.map((f) => f.kind))).toEqual(new Set(['wireguard']));
        const hosts = renderTopology(model, testOptions({ hosts: ['lb1'] })).files;
        expect(hosts.map((f) => `${f.host} ${f.kind}`)).toEqual(['lb1 keepalived', 'lb1 haproxy', 'lb1 wireguard']);
    });

    test('every file names its source and element in its header; origins carry the line', async () => {
        for (const file of (await renderExample('seed-metallb-frr-ha-fixed')).files) {
            const comment = file.kind === 'frr' ? '!' : '#';
            expect(file.content.startsWith(`${comment} rendered by bgptopo from ${file.origin.element} (line ${file.origin.line})\n`)).toBe(true);
            expect(file.origin.line).toBeGreaterThan(0);
        }
    });

    test('output paths: DIR/<host>/<absolute path> and DIR/clusters/<cluster>/<kind>.yaml', () => {
        const origin = { element: 'x', line: 1 };
        expect(outputPath('/out', { host: 'r1', kind: 'frr', path: '/etc/frr/frr.conf', content: '', origin })).toBe('/out/r1/etc/frr/frr.conf');
        expect(outputPath('/out', { cluster: 'k8s', kind: 'metallb', path: 'clusters/k8s/metallb.yaml', content: '', origin })).toBe('/out/clusters/k8s/metallb.yaml');
        expect(() => outputPath('/out', { host: 'r1', kind: 'frr', path: '/etc/../../x', content: '', origin })).toThrow(/outside/);
    });

    test('several problems are reported together, each naming its element', async () => {
        const model = await modelOf(BGP_FEATURES);
        let error: unknown;
        try {
            renderTopology(model, testOptions({ only: ['frr', 'metallb'], secrets: () => undefined }));
        } catch (caught) {
            error = caught;
        }
        // frr needs the secret; metallb only references it, so only frr fails
        expect(error).toBeInstanceOf(RenderError);
        const both = await modelOf(NEIGHBORS_ARP_WG);
        expect(() => renderTopology(both, testOptions({ secrets: () => undefined, publicKeys: () => undefined }))).toThrow(RenderErrors);
    });
});

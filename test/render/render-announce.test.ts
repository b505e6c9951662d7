/**
 * What each consumer gets from LANGUAGE-V2 §7 and §9 (the `advertisements` and `v2-kubevip-services` corpus
 * topologies; their files also pass the real checkers in render-checkers.test.ts): MetalLB pools and one
 * BGPAdvertisement per advertisement, Cilium LB pools per pool and advertisements per item (a `to` item selected only
 * by its routers' peer configs), router import policies exactly from the advertisements' lengths, kube-vip's services
 * DaemonSet and cloud-provider ConfigMap, a load balancer's own HAProxy frontend.
 */
import { describe, expect, test } from 'vitest';
import { load as parseYaml } from 'js-yaml';
import type { RenderedFile } from '../../src/render/render-types.js';
import { ADVERTISEMENTS } from './focused-topologies.js';
import { exampleText, renderText } from './render-fixtures.js';

type Doc = { kind: string; metadata: { name: string }; spec: Record<string, unknown>; data?: Record<string, string> };

const files = [...(await renderText(ADVERTISEMENTS)).files, ...(await renderText(exampleText('v2/v2-kubevip-services'))).files];

function file(owner: string, path: string): RenderedFile {
    const found = files.find((f) => (f.host ?? f.cluster) === owner && f.path === path);
    if (!found) {
        throw new Error(`no ${owner} ${path}`);
    }
    return found;
}

function documents(cluster: string, name: string, kind: string): Doc[] {
    return file(cluster, `clusters/${cluster}/${name}.yaml`)
        .content.split(/^---$/m)
        .map((part) => parseYaml(part) as Doc)
        .filter((doc) => doc?.kind === kind);
}

function prefixList(host: string): string[] {
    return file(host, '/etc/frr/frr.conf')
        .content.split('\n')
        .filter((line) => /^ipv?6? ?prefix-list PL-/.test(line) || line.startsWith('ip prefix-list PL-'))
        .map((line) => line.replace(/^ip(v6)? prefix-list \S+ seq \d+ /, ''));
}

describe('MetalLB (§7)', () => {
    test('one IPAddressPool per pool: ranges as A-B, autoAssign, serviceAllocation', () => {
        const pools = documents('prod', 'metallb', 'IPAddressPool');
        expect(pools.map((p) => [p.metadata.name, p.spec])).toEqual([
            ['lb-web', { addresses: ['203.0.113.10-203.0.113.99', '203.0.113.200-203.0.113.203'], serviceAllocation: { serviceSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }] } }],
            ['lb-int', { addresses: ['198.51.100.0/26'], autoAssign: false, serviceAllocation: { namespaces: ['shop', 'billing'] } }],
            ['lb-v6', { addresses: ['2001:db8:ff::10-2001:db8:ff::1f'] }]
        ]);
    });

    test('one BGPAdvertisement per advertisement with its length, communities, local-pref, peers and node selector', () => {
        const adverts = documents('prod', 'metallb', 'BGPAdvertisement');
        expect(adverts.map((a) => a.metadata.name)).toEqual(['lb-web', 'lb-web-2', 'lb-int', 'lb-v6']);
        expect(adverts[0].spec).toMatchObject({ aggregationLength: 32, communities: ['64512:100', '65535:65282', 'large:4200000000:1:2'] });
        expect(adverts[0].spec.serviceSelectors).toEqual([{ matchExpressions: [{ key: 'app', operator: 'In', values: ['shop'] }] }]);
        expect(adverts[1].spec).toEqual({ ipAddressPools: ['lb-web'], aggregationLength: 27 });
        expect(adverts[2].spec).toMatchObject({ localPref: 200, communities: ['65535:65281'], peers: ['prod-tor2-1', 'prod-tor2-2'] });
        expect(adverts[2].spec.nodeSelectors).toEqual([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['cp1', 'cp2'] }] }]);
        expect(adverts[3].spec).toMatchObject({ aggregationLengthV6: 124 });
    });

    test('the routers accept exactly what the advertisements produce: host routes of the ranges, the /27 aggregates, the v6 /124', () => {
        const tor2 = prefixList('tor2');
        expect(tor2).toContain('permit 203.0.113.10/31 ge 32');
        expect(tor2).toContain('permit 203.0.113.200/30 ge 32');
        expect(tor2).toContain('permit 203.0.113.192/27');
        expect(tor2).toContain('permit 198.51.100.0/26 ge 32');
        expect(tor2).toContain('permit 2001:db8:ff::10/124');
        expect(tor2.some((line) => line.includes('203.0.113.0/24'))).toBe(false);
        // lb-int goes to tor2 only.
        expect(prefixList('tor1').some((line) => line.includes('198.51.100.0/26'))).toBe(false);
    });
});

describe('Cilium (§7)', () => {
    test('one CiliumLoadBalancerIPPool per pool: start/stop blocks, Service and namespace selectors', () => {
        const pools = documents('edge', 'cilium', 'CiliumLoadBalancerIPPool');
        expect(pools.map((p) => [p.metadata.name, p.spec])).toEqual([
            ['edge-lb-c', { blocks: [{ start: '198.51.100.130', stop: '198.51.100.140' }], serviceSelector: { matchExpressions: [{ key: 'exposure', operator: 'In', values: ['bgp'] }] } }],
            ['edge-lb-c2', { blocks: [{ cidr: '198.51.100.176/28' }], serviceSelector: { matchExpressions: [{ key: 'io.kubernetes.service.namespace', operator: 'In', values: ['web'] }] } }]
        ]);
    });

    test('advertisements per item with attributes; the `to` item only in the peer config of its router', () => {
        const [general, toLeaf1] = documents('edge', 'cilium', 'CiliumBGPAdvertisement');
        const items = general.spec.advertisements as Array<Record<string, unknown>>;
        expect(items[0]).toEqual({ advertisementType: 'PodCIDR', attributes: { communities: { wellKnown: ['no-export'], standard: ['64700:1'] } } });
        expect(items[1]).toMatchObject({
            service: { addresses: ['LoadBalancerIP'], aggregationLengthIPv4: 28 },
            attributes: { communities: { standard: ['64700:2'], large: ['64700:1:2'], wellKnown: ['planned-shut'] } }
        });
        expect(items.map((item) => (item.service as { addresses?: string[] } | undefined)?.addresses?.[0])).toEqual([undefined, 'LoadBalancerIP', 'ClusterIP', 'ExternalIP']);
        expect(toLeaf1.spec.advertisements).toEqual([
            { advertisementType: 'Service', service: { addresses: ['LoadBalancerIP'] }, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, attributes: { communities: { standard: ['64700:3'] } } }
        ]);
        const peerConfigs = documents('edge', 'cilium', 'CiliumBGPPeerConfig');
        const selectors = peerConfigs.map((p) => JSON.stringify((p.spec.families as Array<{ advertisements: unknown }>)[0].advertisements));
        expect(selectors.filter((s) => s.includes('edge-bgp-to-1'))).toHaveLength(1);
        expect(prefixList('leaf1')).toContain('permit 198.51.100.176/28 ge 32');
        expect(prefixList('leaf2').some((line) => line.includes('198.51.100.176'))).toBe(false);
    });

    test('an aggregated Service advertisement: routers take the aggregate and, for eTP Local, the host routes', () => {
        expect(prefixList('leaf2')).toEqual(expect.arrayContaining(['permit 198.51.100.128/28', 'permit 198.51.100.130/31 ge 32', 'permit 10.96.0.0/16 le 32', 'permit 198.51.100.160/28 le 32']));
    });
});

describe('kube-vip services mode and a lone HAProxy (§9)', () => {
    test('the cloud provider ConfigMap hands out the range; the DaemonSet runs on the speakers that hold no VIP', () => {
        const [config] = documents('lab', 'kube-vip-services', 'ConfigMap');
        expect(config.metadata.name).toBe('kubevip');
        expect(config.data).toEqual({ 'range-global': '203.0.113.10-203.0.113.99' });
        const [daemonSet] = documents('lab', 'kube-vip-services', 'DaemonSet');
        const pod = (daemonSet.spec.template as { spec: { affinity: unknown; containers: Array<{ env: Array<{ name: string; value?: string; valueFrom?: unknown }> }> } }).spec;
        expect(JSON.stringify(pod.affinity)).toContain('["w1","w2","w3"]');
        const env = Object.fromEntries(pod.containers[0].env.map((e) => [e.name, e.value ?? e.valueFrom]));
        expect(env).toMatchObject({ svc_enable: 'true', bgp_as: '65010', bgp_peers: '192.0.2.1:65000::false,192.0.2.2:65000::false', bgp_routerid: { fieldRef: { fieldPath: 'status.podIP' } } });
    });

    test("the VIP holders keep their static pod without svc_enable (they are not among the block's speakers)", () => {
        const pod = file('cp1', '/etc/kubernetes/manifests/kube-vip.yaml').content;
        expect(pod).toContain('cp_enable');
        expect(pod).not.toContain('svc_enable');
    });

    test("a load balancer's own frontend binds each of its addresses; no VIP, no keepalived", () => {
        const cfg = file('api-proxy', '/etc/haproxy/haproxy.cfg').content;
        expect(cfg).toContain('    bind 192.0.2.5:6443\n    bind 192.0.2.133:6443\n');
        expect(cfg).toContain('server cp3 192.0.2.13:6443');
        expect(files.some((f) => f.host === 'api-proxy' && f.kind === 'keepalived')).toBe(false);
    });
});

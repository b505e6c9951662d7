/**
 * LANGUAGE-V2 §6 (dual-stack pod and service networks) and §10 (per-node router-ids, `maximum-paths ibgp`) as each
 * consumer gets them, from the `dual-stack-v2` corpus topology (its files also pass the real checkers in
 * render-checkers.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { load as parseYaml } from 'js-yaml';
import { DUAL_STACK_V2 } from './focused-topologies.js';
import { renderText } from './render-fixtures.js';

const files = (await renderText(DUAL_STACK_V2)).files;

function content(owner: string, path: string): string {
    const found = files.find((f) => (f.host ?? f.cluster) === owner && f.path === path);
    if (!found) {
        throw new Error(`no ${owner} ${path}`);
    }
    return found.content;
}

type Doc = { kind: string; metadata: { name: string }; spec: Record<string, any> };
function documents(cluster: string, kind: string): Doc[] {
    return content(cluster, `clusters/${cluster}/${kind}.yaml`)
        .split(/^---$/m)
        .map((part) => parseYaml(part) as Doc)
        .filter(Boolean);
}

describe('dual-stack pod networks', () => {
    test('Calico: one IPPool per family of `pod-network`, each with its family block size', () => {
        const pools = documents('cal', 'calico').filter((doc) => doc.kind === 'IPPool');
        expect(pools.map((pool) => [pool.metadata.name, pool.spec.cidr, pool.spec.blockSize])).toEqual([
            ['cpods4', '10.246.0.0/16', 26],
            ['cpods6', 'fd00:246::/56', 122]
        ]);
    });

    test("FRR: each node's pod CIDR of each family in that family's prefix list, IPv6 activated", () => {
        const conf = content('r32', '/etc/frr/frr.conf').split('\n');
        expect(conf).toContain('ip prefix-list PL-cil-cilium-bgp-IN seq 10 permit 10.246.1.0/24');
        expect(conf).toContain('ipv6 prefix-list PL-cil-cilium-bgp-IN6 seq 30 permit fd00:246:0:3::/64');
        expect(conf).toContain('  neighbor cil-cilium-bgp activate');
        expect(conf.filter((line) => line.includes('prefix-list PL-cil-cilium-bgp-IN6 seq'))).toHaveLength(3);
    });

    test('Cilium: the peer config carries both families', () => {
        const config = documents('cil', 'cilium').find((doc) => doc.kind === 'CiliumBGPPeerConfig')!;
        expect(config.spec.families.map((family: { afi: string }) => family.afi)).toEqual(['ipv4', 'ipv6']);
    });
});

describe("a node's own router-id reaches its speaker", () => {
    test('MetalLB: the node gets its own BGPPeer with `routerID`; the others share one without', () => {
        const peers = documents('cal', 'metallb').filter((doc) => doc.kind === 'BGPPeer');
        const own = peers.filter((peer) => peer.spec.routerID !== undefined);
        expect(own.map((peer) => [peer.spec.routerID, peer.spec.nodeSelectors[0].matchExpressions[0].values])).toEqual([['10.255.30.11', ['m1']]]);
        const shared = peers.filter((peer) => peer.spec.routerID === undefined);
        expect(shared.map((peer) => peer.spec.nodeSelectors[0].matchExpressions[0].values)).toEqual([['m2', 'm3']]);
        expect(peers.every((peer) => peer.spec.sourceAddress === undefined)).toBe(true);
    });

    test('Cilium: a CiliumBGPNodeConfigOverride with `routerID` for that node only', () => {
        const overrides = documents('cil', 'cilium').filter((doc) => doc.kind === 'CiliumBGPNodeConfigOverride');
        expect(overrides.map((doc) => [doc.metadata.name, doc.spec.bgpInstances])).toEqual([['c1', [{ name: 'instance-64532', routerID: '10.255.31.11' }]]]);
    });
});

describe('FRR multipath', () => {
    test('`maximum-paths ibgp N` beside `maximum-paths N` when the router has iBGP sessions, not otherwise', () => {
        const ibgp = content('r31', '/etc/frr/frr.conf').split('\n');
        expect(ibgp).toContain('  maximum-paths 4');
        expect(ibgp).toContain('  maximum-paths ibgp 4');
        expect(content('r32', '/etc/frr/frr.conf')).not.toContain('maximum-paths ibgp');
    });
});

/**
 * Verify for LANGUAGE-V2 §4 and §8 without SSH: router-to-router sessions checked on both routers (unnumbered by
 * interface) and located on the `neighbor` line; an upstream session on its `upstream` line; Calico's per-node AS
 * read back from `kubectl get nodes -o json` and located on the group's `asn`.
 */
import { describe, expect, test } from 'vitest';
import { evaluatePlan, planVerify, type ProbeAnswer } from '../../src/deploy/verify-plan.js';
import { modelFromText } from './verify-lab-setup.js';

// Lines matter: checks are located on them.
const TEXT = `topology routers
network fabric 10.0.1.0/24
network core   10.0.9.0/30
network pods   10.244.0.0/16 { role pod }
router tor1 { asn 65101  address 10.0.1.1  loopback 10.255.0.1
  neighbor spine
  neighbor tor2 { unnumbered swp1 }
}
router tor2 { asn 65101  address 10.0.1.2  loopback 10.255.0.2  neighbor tor1 { unnumbered swp2 }  route-reflector }
router spine { asn 65100  address 10.0.1.3  address 10.0.9.1
  upstream 10.0.9.2 remote-as 65000
}
cluster k {
  pod-network pods
  cni calico { encapsulation none }
  calico-bgp {
    asn 64512
    node-mesh off
    peer tor2 { speakers k1, k2  asn 65101 }
    advertise pod-cidrs
  }
  node k1 control-plane { address 10.0.1.11 }
  node k2 control-plane { address 10.0.1.12 }
  node k3 control-plane { address 10.0.1.13 }
}
`;

const ok = (stdout: string): ProbeAnswer => ({ output: { stdout, stderr: '', code: 0 } });
/** `show bgp summary json`: every peer under ipv4Unicast; an unnumbered one (by interface) under ipv6Unicast as well. */
const summary = (peers: Record<string, { state: string; remoteAs: number }>) => {
    const afi = (keys: string[]) => ({ peers: Object.fromEntries(keys.map((key) => [key, { ...peers[key], peerState: 'OK', pfxRcd: 1, pfxSnt: 1 }])) });
    const keys = Object.keys(peers);
    return ok(JSON.stringify({ ipv4Unicast: afi(keys), ipv6Unicast: afi(keys.filter((key) => key.startsWith('swp'))) }));
};
const nodes = (annotations: Record<string, Record<string, string>>) =>
    ok(JSON.stringify({ items: Object.entries(annotations).map(([name, values]) => ({ metadata: { name, annotations: values } })) }));

async function report(answers: Record<string, Record<string, ProbeAnswer>>) {
    const model = await modelFromText(TEXT);
    const plan = planVerify(model, { kinds: ['bgp-session', 'calico-node-asn'] });
    const checks = evaluatePlan(plan, (host, probe) => answers[host]?.[probe] ?? { missing: `${host}: no answer to ${probe}` });
    return new Map(checks.map((check) => [check.id, check]));
}

const HEALTHY = {
    tor1: { 'bgp-summary': summary({ '10.0.1.3': { state: 'Established', remoteAs: 65100 }, swp1: { state: 'Established', remoteAs: 65101 } }) },
    tor2: { 'bgp-summary': summary({ swp2: { state: 'Established', remoteAs: 65101 }, '10.0.1.11': { state: 'Established', remoteAs: 65101 }, '10.0.1.12': { state: 'Established', remoteAs: 65101 } }) },
    spine: { 'bgp-summary': summary({ '10.0.1.1': { state: 'Established', remoteAs: 65101 }, '10.0.9.2': { state: 'Established', remoteAs: 65000 } }) },
    k1: { 'kubectl-nodes': nodes({ k1: { 'projectcalico.org/ASNumber': '65101' }, k2: { 'projectcalico.org/ASNumber': '65101' }, k3: {} }) }
};

describe('verify: routers beyond the rack and Calico', () => {
    test('every router-to-router end, the upstream and the per-node AS pass on a healthy network', async () => {
        const checks = await report(HEALTHY);
        expect([...checks.keys()].filter((id) => !id.includes('calico-bgp/')).sort()).toEqual(
            [
                'bgp-session:tor1<->spine@tor1',
                'bgp-session:tor1<->spine@spine',
                'bgp-session:tor1<->tor2@tor1',
                'bgp-session:tor1<->tor2@tor2',
                'bgp-session:spine->upstream 10.0.9.2',
                'calico-node-asn:k/k1',
                'calico-node-asn:k/k2'
            ].sort()
        );
        expect([...checks.values()].filter((check) => check.status !== 'pass').map((check) => `${check.id}: ${check.message}`)).toEqual([]);
    });

    test('the spine stopped: both ends fail, each on its router; on the spine, on tor1\'s neighbor line (the spine declares none)', async () => {
        const checks = await report({ ...HEALTHY, tor1: { 'bgp-summary': summary({ '10.0.1.3': { state: 'Active', remoteAs: 65100 }, swp1: { state: 'Established', remoteAs: 65101 } }) }, spine: {} });
        const tor1 = checks.get('bgp-session:tor1<->spine@tor1')!;
        expect(tor1.status).toBe('fail');
        expect(tor1.message).toMatch(/neighbor 10\.0\.1\.3 is Active/);
        expect(tor1.line).toBe(6);
        expect(checks.get('bgp-session:tor1<->spine@spine')!).toMatchObject({ status: 'unknown', line: 6 });
        expect(checks.get('bgp-session:spine->upstream 10.0.9.2')!).toMatchObject({ status: 'unknown', line: 11 });
        expect(checks.get('bgp-session:tor1<->tor2@tor1')!.status).toBe('pass');
    });

    test('unnumbered is checked by interface, on each router\'s own neighbor line', async () => {
        const checks = await report({ ...HEALTHY, tor2: { 'bgp-summary': summary({ '10.0.1.11': { state: 'Established', remoteAs: 65101 } }) } });
        expect(checks.get('bgp-session:tor1<->tor2@tor2')!).toMatchObject({ status: 'fail', line: 9 });
        expect(checks.get('bgp-session:tor1<->tor2@tor2')!.message).toMatch(/no neighbor swp2/);
        expect(checks.get('bgp-session:tor1<->tor2@tor1')!).toMatchObject({ status: 'pass', line: 7 });
    });

    test('the upstream with another AS fails on the upstream line', async () => {
        const checks = await report({ ...HEALTHY, spine: { 'bgp-summary': summary({ '10.0.1.1': { state: 'Established', remoteAs: 65101 }, '10.0.9.2': { state: 'Established', remoteAs: 65009 } }) } });
        expect(checks.get('bgp-session:spine->upstream 10.0.9.2')!).toMatchObject({ status: 'fail', line: 11 });
        expect(checks.get('bgp-session:spine->upstream 10.0.9.2')!.message).toMatch(/AS 65009, but the topology says AS 65000/);
    });

    test("a node without Calico's AS annotation, or with another, fails on the group's asn", async () => {
        const checks = await report({ ...HEALTHY, k1: { 'kubectl-nodes': nodes({ k1: { 'projectcalico.org/ASNumber': '64512' }, k2: {} }) } });
        expect(checks.get('calico-node-asn:k/k1')!).toMatchObject({ status: 'fail', line: 19 });
        expect(checks.get('calico-node-asn:k/k1')!.message).toMatch(/=64512, expected 65101/);
        expect(checks.get('calico-node-asn:k/k2')!.message).toMatch(/no projectcalico.org\/ASNumber annotation/);
    });
});

// An eBGP unnumbered pair with MetalLB speakers behind the ToR. Lines matter: checks are located on them.
const UNNUMBERED_TEXT = `topology unnumbered
network rack 10.0.1.0/24
network mgmt 10.0.2.0/24
network lb   10.0.6.0/24 { role loadbalancer }
router spine { asn 65100  address 10.0.2.1  neighbor tor { unnumbered swp3 } }
router tor { asn 65101  address 10.0.1.1  neighbor spine { unnumbered swp1 } }
cluster k {
  metallb { asn 64512  pool lb  peer tor { speakers all } }
  node k1 control-plane { address 10.0.1.11 }
}
`;
const LINK_LOCAL = 'fe80::a0fa:64ff:fe52:a42c';
/**
 * The shapes FRR 8.4 prints for an interface peer (seen in the routers lab): keyed by interface in the summary (under
 * both families) and in `show bgp neighbors json` (with `bgpNeighborAddr`), by link-local address in a route's `peerId`.
 */
const spineAnswers = (routes: Record<string, string>, neighborAddress: string | null = LINK_LOCAL) => ({
    'bgp-summary': ok(
        JSON.stringify(
            Object.fromEntries(
                Object.entries({ ipv4Unicast: Object.keys(routes).length, ipv6Unicast: 0 }).map(([afi, pfxRcd]) => [
                    afi,
                    { peers: { swp3: { hostname: 'tor', remoteAs: 65101, state: 'Established', peerState: 'OK', pfxRcd, pfxSnt: 0, idType: 'interface' } } }
                ])
            )
        )
    ),
    'bgp-neighbors': ok(JSON.stringify({ swp3: { ...(neighborAddress ? { bgpNeighborAddr: neighborAddress } : {}), remoteAs: 65101, bgpState: 'Established' } })),
    'bgp-ipv4': ok(JSON.stringify({ routes: Object.fromEntries(Object.entries(routes).map(([prefix, peerId]) => [prefix, [{ valid: true, bestpath: true, peerId, path: '65101 64512', nexthops: [{ ip: peerId, hostname: 'tor', afi: 'ipv6', scope: 'link-local' }] }]])) })),
    'bgp-ipv6': ok(JSON.stringify({ routes: {} }))
});
const torAnswers = {
    'bgp-summary': ok(JSON.stringify({ ipv4Unicast: { peers: { '10.0.1.11': { remoteAs: 64512, state: 'Established', peerState: 'OK', pfxRcd: 1, pfxSnt: 0 } } } })),
    'bgp-ipv4': ok(JSON.stringify({ routes: { '10.0.6.10/32': [{ valid: true, bestpath: true, peerId: '10.0.1.11', path: '64512', nexthops: [{ ip: '10.0.1.11', afi: 'ipv4' }] }] } })),
    'bgp-ipv6': ok(JSON.stringify({ routes: {} }))
};

async function unnumberedChecks(spine: Record<string, ProbeAnswer>) {
    const model = await modelFromText(UNNUMBERED_TEXT);
    const plan = planVerify(model, { kinds: ['bgp-session', 'bgp-prefixes'] });
    const answers: Record<string, Record<string, ProbeAnswer>> = { spine, tor: torAnswers };
    return new Map(evaluatePlan(plan, (host, probe) => answers[host]?.[probe] ?? { missing: `${host}: no answer to ${probe}` }).map((check) => [check.id, check]));
}
const unnumberedPrefixes = async (spine: Record<string, ProbeAnswer>) => (await unnumberedChecks(spine)).get('bgp-prefixes:spine<->tor@spine')!;

describe('verify: what crosses an unnumbered session', () => {
    test("the routes of the neighbor on the interface are found by its link-local address (the routes' peerId)", async () => {
        const check = await unnumberedPrefixes(spineAnswers({ '10.0.6.10/32': LINK_LOCAL }));
        expect(check).toMatchObject({ status: 'pass', message: 'received 10.0.6.10/32', line: 5 });
    });

    test('the session counts what it received in both families it carries', async () => {
        const check = (await unnumberedChecks(spineAnswers({ '10.0.6.10/32': LINK_LOCAL, '10.0.6.11/32': LINK_LOCAL }))).get('bgp-session:spine<->tor@spine')!;
        expect(check).toMatchObject({ status: 'pass', message: 'Established, peerState OK, 2 prefixes received' });
        expect(check.subject).toBe('session tor -> spine (router, on swp3)');
    });

    test('nothing from that neighbor, though its speakers announce: fail on the spine\'s neighbor line', async () => {
        const check = await unnumberedPrefixes(spineAnswers({ '10.0.6.10/32': 'fe80::1' }));
        expect(check.status).toBe('fail');
        expect(check.message).toBe('nothing received from tor, though speakers behind it announce 10.0.6.10/32 (on tor)');
        expect(check.line).toBe(5);
    });

    test("a route that lost its advertisement's community on the unnumbered session is named (its path found by link-local address)", async () => {
        const text = UNNUMBERED_TEXT.replace('peer tor { speakers all } }', 'peer tor { speakers all }\n    advertise pool lb { communities 64512:100 } }');
        const detail = (community: string) =>
            ok(JSON.stringify({ routes: { '10.0.6.10/32': [{ prefix: '10.0.6.10/32' }, { valid: true, community: { string: community }, peer: { peerId: LINK_LOCAL, type: 'external' } }] } }));
        const check = async (community: string) => {
            const model = await modelFromText(text);
            const plan = planVerify(model, { kinds: ['bgp-session', 'bgp-prefixes'] });
            const spine = { ...spineAnswers({ '10.0.6.10/32': LINK_LOCAL }), 'bgp-ipv4-detail': detail(community), 'bgp-ipv6-detail': ok(JSON.stringify({ routes: {} })) };
            const answers: Record<string, Record<string, ProbeAnswer>> = { spine, tor: torAnswers };
            return evaluatePlan(plan, (host, probe) => answers[host]?.[probe] ?? { missing: `${host}: no answer to ${probe}` }).find((c) => c.id === 'bgp-prefixes:spine<->tor@spine')!;
        };
        expect(await check('64512:100')).toMatchObject({ status: 'pass', message: 'received 10.0.6.10/32' });
        const lost = await check('64512:200');
        expect(lost.status).toBe('fail');
        expect(lost.message).toMatch(/^10\.0\.6\.10\/32 from tor lacks 64512:100 of advertise pool lb \(line 9\)$/);
    });

    test('no neighbor address known on the interface: unknown, saying so', async () => {
        const check = await unnumberedPrefixes(spineAnswers({ '10.0.6.10/32': LINK_LOCAL }, null));
        expect(check).toMatchObject({ status: 'unknown', message: 'show bgp neighbors gives no address for the neighbor on swp3' });
    });
});

/** `show bgp neighbors json` of the spine's interface peer, with the capabilities FRR lists for it. */
const unnumberedNeighbors = (extendedNexthop: string, ipv4: Record<string, boolean>) =>
    ok(
        JSON.stringify({
            swp3: {
                bgpNeighborAddr: LINK_LOCAL,
                remoteAs: 65101,
                bgpState: 'Established',
                neighborCapabilities: { extendedNexthop, multiprotocolExtensions: { ipv4Unicast: ipv4, ipv6Unicast: { advertisedAndReceived: true } } }
            }
        })
    );

async function familyCheck(neighbors: ProbeAnswer) {
    const model = await modelFromText(UNNUMBERED_TEXT);
    const plan = planVerify(model, { kinds: ['bgp-family'] });
    const answers: Record<string, Record<string, ProbeAnswer>> = { spine: { ...spineAnswers({ '10.0.6.10/32': LINK_LOCAL }), 'bgp-neighbors': neighbors }, tor: torAnswers };
    const checks = evaluatePlan(plan, (host, probe) => answers[host]?.[probe] ?? { missing: `${host}: no answer to ${probe}` });
    return { ids: checks.map((check) => check.id).sort(), check: checks.find((check) => check.id === 'bgp-family:spine<->tor@spine:ipv4')! };
}

describe('verify: the families an unnumbered session carries', () => {
    test('each end checks IPv4 and IPv6 on its neighbor line', async () => {
        const { ids, check } = await familyCheck(unnumberedNeighbors('advertisedAndReceived', { advertisedAndReceived: true }));
        expect(ids).toEqual(['bgp-family:spine<->tor@spine:ipv4', 'bgp-family:spine<->tor@spine:ipv6', 'bgp-family:spine<->tor@tor:ipv4', 'bgp-family:spine<->tor@tor:ipv6']);
        expect(check).toMatchObject({
            status: 'pass',
            line: 5,
            subject: 'IPv4 unicast on tor -> spine (router, on swp3)',
            message: 'IPv4 unicast negotiated over the IPv6 session, extended next hop on both sides; 1 prefixes received'
        });
    });

    test('IPv4 over the link-local session without extended next hop on both sides fails on the neighbor line', async () => {
        const { check } = await familyCheck(unnumberedNeighbors('advertised', { advertisedAndReceived: true }));
        expect(check.status).toBe('fail');
        expect(check.line).toBe(5);
        expect(check.message).toMatch(/^IPv4 unicast over an IPv6 session needs the extended next hop capability on both sides/);
    });

    test('IPv4 unicast not negotiated with the neighbor on the interface fails, naming the interface', async () => {
        const { check } = await familyCheck(unnumberedNeighbors('advertisedAndReceived', { advertised: true }));
        expect(check.status).toBe('fail');
        expect(check.message).toMatch(/^IPv4 unicast not negotiated with swp3/);
    });
});

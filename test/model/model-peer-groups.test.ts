/**
 * The model of LANGUAGE-V2 §1–§3, §6 and §12: labels and selectors, peer groups and their options, where each
 * session goes (the v2 source / destination rule), one session per family, and the sessions table.
 */
import { describe, expect, test } from 'vitest';
import { sessionTable, type BgpSession, type TopologyModel } from '../../src/model/index.js';
import { services, summary, validate } from '../support/bgptopo-test-services.js';
import { RACKS_HEAD } from '../support/racks-topology.js';

/** The model of a document that must have no error but those with the codes in `allow`. */
async function modelOf(text: string, allow: string[] = []): Promise<TopologyModel> {
    const document = await validate(text);
    const errors = (document.diagnostics ?? []).filter((d) => d.severity === 1 && !allow.includes(String(d.code)));
    expect(errors, summary(document)).toEqual([]);
    return services.Bgptopo.topology.TopologyCache.get(document.parseResult.value);
}

/** `node->router family` for each session, sorted: what a test compares. */
function pairs(sessions: readonly BgpSession[]): string[] {
    return sessions.map((s) => `${s.node.name}->${s.router.name} v${s.family} ${s.source?.address.text ?? '-'}>${s.destination?.address.text ?? '-'}`).sort();
}

const RACKS = `${RACKS_HEAD}cluster prod {
  metallb {
    asn 64512
    pool lb
    hold 90s
    peer tor-a { speakers rack=a  hold 9s  keepalive 3s  asn 64601 }
    peer tor-b { speakers rack=b  bfd { receive 300ms  transmit 200ms  multiplier 4 }  graceful-restart  password secret "rack-b" }
  }
  node cp1 control-plane { address 192.0.2.11  labels rack=a, "topology.kubernetes.io/zone"=zone-a }
  node cp2 control-plane { address 192.0.2.12  labels rack=a }
  node cp3 control-plane { address 192.0.2.75  labels rack=b  hostname "k8s-3.example.lan" }
  node w1  worker        { address 192.0.2.21  labels rack=a }
  node w2  worker        { address 192.0.2.85  labels rack=b }
}
`;

describe('labels, selectors and peer groups', () => {
    test('each node peers only with the router of its rack, from its rack address', async () => {
        const model = await modelOf(RACKS);
        expect(pairs(model.sessions)).toEqual([
            'cp1->tor-a v4 192.0.2.11>192.0.2.1',
            'cp2->tor-a v4 192.0.2.12>192.0.2.1',
            'cp3->tor-b v4 192.0.2.75>192.0.2.65',
            'w1->tor-a v4 192.0.2.21>192.0.2.1',
            'w2->tor-b v4 192.0.2.85>192.0.2.65'
        ]);
    });

    test('labels and hostname are on the node; quoted keys lose their quotes', async () => {
        const model = await modelOf(RACKS);
        const cp1 = model.nodes.find((node) => node.name === 'cp1')!;
        expect([...cp1.labels]).toEqual([
            ['rack', 'a'],
            ['topology.kubernetes.io/zone', 'zone-a']
        ]);
        expect(cp1.kubernetesName).toBe('cp1');
        expect(model.nodes.find((node) => node.name === 'cp3')!.kubernetesName).toBe('k8s-3.example.lan');
    });

    test("a group's options override the block's; the block's are the defaults", async () => {
        const model = await modelOf(RACKS);
        const [a, b] = model.speakers[0].groups;
        expect(a.options).toMatchObject({ asn: 64601, holdMs: 9000, keepaliveMs: 3000 });
        expect(a.options.bfd).toBeUndefined();
        expect(b.options).toMatchObject({
            asn: 64512,
            holdMs: 90000,
            bfd: { receiveMs: 300, transmitMs: 200, multiplier: 4 },
            gracefulRestart: { restartTimeMs: undefined },
            passwordSecret: 'rack-b'
        });
        const session = model.sessions.find((s) => s.node.name === 'w1')!;
        expect(session.speakerAsn).toBe(64601);
        expect(session.port).toBe(179);
        expect(model.sessions.find((s) => s.node.name === 'w2')!.port).toBe(1790);
    });

    test('`or` unites alternatives; a group word and terms intersect; `!=` also selects nodes without the key', async () => {
        const model = await modelOf(`topology sel
network lan 192.0.2.0/24
network lb 203.0.113.0/26 { role loadbalancer }
router r1 { asn 65001  address 192.0.2.1 }
router r2 { asn 65002  address 192.0.2.2 }
router r3 { asn 65003  address 192.0.2.3 }
cluster c {
  metallb {
    asn 64512
    pool lb
    peer r1 { speakers workers, rack=a or cp1, w1 }
    peer r2 { speakers zone!=z1 }
    peer r3 { speakers control-plane, rack!=b }
  }
  node cp1 control-plane { address 192.0.2.11  labels rack=a }
  node cp2 control-plane { address 192.0.2.12  labels rack=b, zone=z1 }
  node cp3 control-plane { address 192.0.2.13 }
  node w1  worker        { address 192.0.2.21  labels rack=a }
  node w2  worker        { address 192.0.2.22  labels rack=a, zone=z2 }
}
`);
        const nodesOf = (router: string): string[] => model.sessions.filter((s) => s.router.name === router).map((s) => s.node.name);
        expect(nodesOf('r1')).toEqual(['cp1', 'w1', 'w2']);
        expect(nodesOf('r2')).toEqual(['cp1', 'cp3', 'w1', 'w2']);
        expect(nodesOf('r3')).toEqual(['cp1', 'cp3']);
    });

    test('v1 `peers` stays one group with the block options, beside v2 groups', async () => {
        const model = await modelOf(`topology mixed
network lan 192.0.2.0/24
network lb 203.0.113.0/26 { role loadbalancer }
router r1 { asn 65001  address 192.0.2.1 }
router r2 { asn 65002  address 192.0.2.2 }
cluster c {
  metallb { asn 64512  pool lb  hold 30s  peers r1  peer r2 { hold 60s } }
  node cp1 control-plane { address 192.0.2.11 }
  node cp2 control-plane { address 192.0.2.12 }
  node cp3 control-plane { address 192.0.2.13 }
}
`);
        const [v1, v2] = model.speakers[0].groups;
        expect(v1.ast).toBeUndefined();
        expect(v1.routers.map((r) => r.name)).toEqual(['r1']);
        expect(v1.options.holdMs).toBe(30000);
        expect(v2.options.holdMs).toBe(60000);
        expect(model.speakers[0].peers.map((r) => r.name)).toEqual(['r1', 'r2']);
        expect(model.sessions.map((s) => s.id)).toEqual([
            'c/metallb/cp1->r1',
            'c/metallb/cp2->r1',
            'c/metallb/cp3->r1',
            'c/metallb/cp1->r2',
            'c/metallb/cp2->r2',
            'c/metallb/cp3->r2'
        ]);
    });
});

const DUAL_HOMED = `topology dual-homed
network link-a    192.0.2.0/26
network link-a-v6 2001:db8:a::/64
network link-b    192.0.2.64/26
network link-b-v6 2001:db8:b::/64
network lb        203.0.113.0/26  { role loadbalancer }
network lb-v6     2001:db8:ff::/120 { role loadbalancer }
router leaf-a { asn 65011  address 192.0.2.1   address 2001:db8:a::1  loopback 192.0.2.250 }
router leaf-b { asn 65012  address 192.0.2.65  address 2001:db8:b::1 }
cluster edge {
  metallb {
    asn 65000
    pool lb
    PEERS
  }
  node cp1 control-plane { address 192.0.2.11  address 192.0.2.75  address 2001:db8:a::11  address 2001:db8:b::11 }
  node cp2 control-plane { address 192.0.2.12  address 192.0.2.76  address 2001:db8:a::12  address 2001:db8:b::12 }
  node cp3 control-plane { address 192.0.2.13  address 192.0.2.77  address 2001:db8:a::13  address 2001:db8:b::13 }
}
`;

describe('where a session goes (§3, Changed) and families (§6)', () => {
    test("a dual-homed node reaches each router from its own address on that router's link", async () => {
        const model = await modelOf(DUAL_HOMED.replace('PEERS', 'peers leaf-a, leaf-b'));
        const cp1 = pairs(model.sessions.filter((s) => s.node.name === 'cp1'));
        // v1 started both from 192.0.2.11 (link a): leaf-b's session could never come up.
        expect(cp1).toEqual(['cp1->leaf-a v4 192.0.2.11>192.0.2.1', 'cp1->leaf-b v4 192.0.2.75>192.0.2.65']);
        expect(model.sessions.every((s) => s.singleHop && !s.noPath)).toBe(true);
    });

    test('`source address N` still pins the source', async () => {
        const model = await modelOf(DUAL_HOMED.replace('PEERS', 'peer leaf-b { source address 2 }'));
        expect(pairs(model.sessions.filter((s) => s.node.name === 'cp2'))).toEqual(['cp2->leaf-b v4 192.0.2.76>192.0.2.65']);
    });

    test('one session per family, each from its own family address; `over ipv6` is one session carrying both', async () => {
        const model = await modelOf(DUAL_HOMED.replace('pool lb', 'pool lb-v6').replace('PEERS', 'families ipv4, ipv6\n    peer leaf-a\n    peer leaf-b { families ipv4, ipv6 over ipv6 }'));
        expect(pairs(model.sessions.filter((s) => s.node.name === 'cp3'))).toEqual([
            'cp3->leaf-a v4 192.0.2.13>192.0.2.1',
            'cp3->leaf-a v6 2001:db8:a::13>2001:db8:a::1',
            'cp3->leaf-b v6 2001:db8:b::13>2001:db8:b::1'
        ]);
        const over = model.sessions.find((s) => s.node.name === 'cp3' && s.router.name === 'leaf-b')!;
        expect(over.carries).toEqual([4, 6]);
        const ids = model.sessions.filter((s) => s.node.name === 'cp3').map((s) => s.id);
        expect(ids).toEqual(['edge/metallb/cp3->leaf-a', 'edge/metallb/cp3->leaf-a/ipv6', 'edge/metallb/cp3->leaf-b']);
    });

    test('without `families`, the sessions follow what the speaker announces', async () => {
        const model = await modelOf(DUAL_HOMED.replace('pool lb', 'pool lb-v6').replace('PEERS', 'peer leaf-a'));
        expect(model.sessions.every((s) => s.family === 6)).toBe(true);
        expect(model.sessions.map((s) => s.announcements.map((a) => a.prefix.text))).toEqual([['2001:db8:ff::/120'], ['2001:db8:ff::/120'], ['2001:db8:ff::/120']]);
    });

    test('`to loopback` dials the router loopback with multihop 2; a family without a loopback is a gap', async () => {
        const model = await modelOf(DUAL_HOMED.replace('PEERS', 'peer leaf-a { to loopback  families ipv4, ipv6 }'), ['peer-no-path']);
        const v4 = model.sessions.filter((s) => s.family === 4);
        expect(v4.map((s) => s.destination?.address.text)).toEqual(['192.0.2.250', '192.0.2.250', '192.0.2.250']);
        expect(v4.every((s) => s.multihop === 2 && !s.singleHop && !s.noPath)).toBe(true);
        expect(model.sessionGaps.map((gap) => `${gap.node.name} v${gap.family} ${gap.missing}`)).toEqual(['cp1 v6 loopback', 'cp2 v6 loopback', 'cp3 v6 loopback']);
    });
});

describe('the sessions table (§12)', () => {
    test('one row per session, from the router, with its options and what the router accepts', async () => {
        const rows = sessionTable(await modelOf(RACKS));
        expect(rows.map((row) => `${row.router} ${row.peer}`)).toEqual(['tor-a cp1', 'tor-a cp2', 'tor-a w1', 'tor-b cp3', 'tor-b w2']);
        const w2 = rows.find((row) => row.peer === 'w2')!;
        expect(w2).toMatchObject({
            router: 'tor-b',
            routerAddress: '192.0.2.65',
            sourceAddress: '192.0.2.85',
            family: 'ipv4',
            localAs: 65102,
            remoteAs: 64512,
            type: 'ebgp',
            accepts: ['203.0.113.0/26 ge 32'],
            noPath: false,
            line: 13
        });
        expect(w2.options).toEqual({
            port: 1790,
            holdSeconds: 90,
            bfd: { receiveMs: 300, transmitMs: 200, multiplier: 4 },
            gracefulRestart: {},
            passwordSecret: 'rack-b'
        });
        expect(rows.find((row) => row.peer === 'w1')!.options).toEqual({ port: 179, holdSeconds: 9, keepaliveSeconds: 3 });
    });
});

/**
 * The prefixes check of router-to-router rows (LANGUAGE-V2 §4), without SSH: each end receives from the other router
 * what the speakers behind it announce, judged against FRR's `show bgp … json` shapes (a captured path as template);
 * idle pools are "nothing to announce yet"; prefixes outside what routers carry fail; located on the `neighbor` line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { evaluatePlan, planVerify, type ProbeAnswer } from '../../src/deploy/verify-plan.js';
import { modelFromText } from './verify-lab-setup.js';

// The lab's spine over two ToRs (test/lab-sessions/fixtures/lab-routers-capture.bgptopo); lines matter.
const TEXT = `topology routers
network rack-a 10.99.1.0/24
network rack-b 10.99.2.0/24
network fabric 10.99.3.0/24
network lb     10.99.6.0/24 { role loadbalancer }
router spine { asn 65100  address 10.99.3.1 }
router tor-a { asn 65101  address 10.99.1.1  address 10.99.3.2
  neighbor spine
}
router tor-b { asn 65102  address 10.99.2.1  address 10.99.3.3  route-reflector
  neighbor spine
}
cluster prod {
  metallb {
    asn 64512
    pool lb
    peer tor-a { speakers rack=a }
    peer tor-b { speakers rack=b  asn 65102 }
  }
  node a1 control-plane { address 10.99.1.11  labels rack=a }
  node a2 control-plane { address 10.99.1.12  labels rack=a }
  node b1 control-plane { address 10.99.2.11  labels rack=b }
  node b2 worker        { address 10.99.2.12  labels rack=b }
}
`;

const ok = (stdout: string): ProbeAnswer => ({ output: { stdout, stderr: '', code: 0 } });
const captured = JSON.parse(readFileSync(new URL('./fixtures/frr/show_bgp_ipv4_unicast.json', import.meta.url), 'utf8'));
const template = captured.routes['192.0.2.20/32'][1];
/** `show bgp ipv4 unicast json` holding each prefix with one path from the given peer, in FRR's captured shape. */
const routes = (paths: Record<string, string[]>) => {
    const table: Record<string, unknown[]> = {};
    for (const [peer, prefixes] of Object.entries(paths)) {
        for (const prefix of prefixes) {
            const [address, length] = prefix.split('/');
            table[prefix] = [...(table[prefix] ?? []), { ...template, prefix: address, prefixLen: Number(length), network: prefix, peerId: peer, nexthops: [{ ...template.nexthops[0], ip: peer }] }];
        }
    }
    return ok(JSON.stringify({ ...captured, routes: table }));
};
const summary = (peers: Record<string, number>) =>
    ok(JSON.stringify({ ipv4Unicast: { peers: Object.fromEntries(Object.entries(peers).map(([key, remoteAs]) => [key, { state: 'Established', remoteAs, peerState: 'OK', pfxRcd: 1, pfxSnt: 1 }])) } }));

const SUMMARIES = {
    spine: summary({ '10.99.3.2': 65101, '10.99.3.3': 65102 }),
    'tor-a': summary({ '10.99.3.1': 65100, '10.99.1.11': 64512, '10.99.1.12': 64512 }),
    'tor-b': summary({ '10.99.3.1': 65100, '10.99.2.11': 65102, '10.99.2.12': 65102 })
};
type Tables = Partial<Record<'spine' | 'tor-a' | 'tor-b', Record<string, string[]>>>;

const detailCaptured = JSON.parse(readFileSync(new URL('./fixtures/frr/show_bgp_ipv4_unicast_json_detail.json', import.meta.url), 'utf8'));
const [detailHeader, detailPath] = detailCaptured.routes['203.0.113.10/32'];
/** `show bgp ipv4 unicast json detail` in FRR's captured shape: each prefix with one path from `peer`, carrying `communities`. */
const detail = (paths: Record<string, Record<string, { community?: string; large?: string }>>) => {
    const table: Record<string, unknown[]> = {};
    for (const [peer, prefixes] of Object.entries(paths)) {
        for (const [prefix, { community, large }] of Object.entries(prefixes)) {
            const { community: _c, largeCommunity: _l, ...bare } = detailPath;
            table[prefix] = [
                { ...detailHeader, prefix },
                {
                    ...bare,
                    ...(community ? { community: { string: community, list: community.split(' ') } } : {}),
                    ...(large ? { largeCommunity: { string: large, list: large.split(' ') } } : {}),
                    nexthops: [{ ...detailPath.nexthops[0], ip: peer }],
                    peer: { peerId: peer, routerId: peer, type: 'external' }
                }
            ];
        }
    }
    return ok(JSON.stringify({ ...detailCaptured, routes: table }));
};
type Details = Partial<Record<'spine' | 'tor-a' | 'tor-b', Parameters<typeof detail>[0]>>;

async function report(tables: Tables, text = TEXT, details: Details = {}) {
    const model = await modelFromText(text);
    const plan = planVerify(model, { kinds: ['bgp-session', 'bgp-prefixes'] });
    const answers = (host: string, probe: string): ProbeAnswer => {
        if (probe === 'bgp-summary') {
            return SUMMARIES[host as keyof typeof SUMMARIES] ?? { missing: `${host}: no answer` };
        }
        if (probe === 'bgp-ipv4-detail') {
            return detail(details[host as keyof Details] ?? {});
        }
        return probe === 'bgp-ipv4' ? routes(tables[host as keyof Tables] ?? {}) : { missing: `${host}: no answer to ${probe}` };
    };
    return new Map(evaluatePlan(plan, answers).map((check) => [check.id, check]));
}

const A = '10.99.6.20/32';
const B = '10.99.6.30/32';
/** Each rack's speakers announce one address; every router passes it on. */
const HEALTHY: Tables = {
    'tor-a': { '10.99.1.11': [A], '10.99.3.1': [B] },
    'tor-b': { '10.99.2.11': [B], '10.99.3.1': [A] },
    spine: { '10.99.3.2': [A], '10.99.3.3': [B] }
};

describe('verify: prefixes of router-to-router rows', () => {
    test('each end of each router session has a prefixes check, passing when the other side\'s routes arrive', async () => {
        const checks = await report(HEALTHY);
        const ids = [...checks.keys()].filter((id) => id.startsWith('bgp-prefixes:') && id.includes('<->')).sort();
        expect(ids).toEqual(['bgp-prefixes:tor-a<->spine@spine', 'bgp-prefixes:tor-a<->spine@tor-a', 'bgp-prefixes:tor-b<->spine@spine', 'bgp-prefixes:tor-b<->spine@tor-b']);
        expect([...checks.values()].filter((check) => check.status !== 'pass').map((check) => `${check.id}: ${check.message}`)).toEqual([]);
        expect(checks.get('bgp-prefixes:tor-a<->spine@tor-a')!.message).toBe(`received ${B}`);
        expect(checks.get('bgp-prefixes:tor-a<->spine@spine')!.message).toBe(`received ${A}`);
    });

    test('the spine up but passing on nothing: tor-a fails on its `neighbor spine` line, naming what tor-b\'s speakers announce', async () => {
        const checks = await report({ ...HEALTHY, 'tor-a': { '10.99.1.11': [A] } });
        const torA = checks.get('bgp-prefixes:tor-a<->spine@tor-a')!;
        expect(torA.status).toBe('fail');
        expect(torA.message).toBe(`nothing received from spine, though speakers behind it announce ${B} (on tor-b)`);
        expect(torA.element).toBe('neighbor spine of router tor-a');
        expect(torA.line).toBe(8);
        expect(checks.get('bgp-session:tor-a<->spine@tor-a')!.status).toBe('pass');
        expect(checks.get('bgp-prefixes:tor-b<->spine@tor-b')!.status).toBe('pass');
    });

    test('a spine receiving nothing from a ToR whose speakers announce fails on the spine\'s row', async () => {
        const checks = await report({ ...HEALTHY, spine: { '10.99.3.3': [B] } });
        const spine = checks.get('bgp-prefixes:tor-a<->spine@spine')!;
        expect(spine.status).toBe('fail');
        expect(spine.message).toContain(`announce ${A} (on tor-a)`);
    });

    test('no Service uses the pool yet: nothing received is "nothing to announce yet", not a failure', async () => {
        const checks = await report({});
        const torA = checks.get('bgp-prefixes:tor-a<->spine@tor-a')!;
        expect(torA.status).toBe('pass');
        expect(torA.message).toBe('nothing received; nothing to announce yet from pool lb (no Service uses its addresses yet)');
    });

    test('the same address announced in both racks (anycast): the spine may send tor-a nothing back', async () => {
        const checks = await report({ 'tor-a': { '10.99.1.11': [A] }, 'tor-b': { '10.99.2.11': [A] }, spine: { '10.99.3.2': [A], '10.99.3.3': [A] } });
        expect(checks.get('bgp-prefixes:tor-a<->spine@tor-a')!.status).toBe('pass');
    });

    test('a prefix outside what routers carry fails', async () => {
        const checks = await report({ ...HEALTHY, 'tor-a': { '10.99.1.11': [A], '10.99.3.1': [B, '203.0.113.0/24'] } });
        const torA = checks.get('bgp-prefixes:tor-a<->spine@tor-a')!;
        expect(torA.status).toBe('fail');
        expect(torA.message).toBe(`unexpected 203.0.113.0/24 (received: ${B}, 203.0.113.0/24)`);
    });

    test('the session down: the prefixes check is unknown, the session check fails', async () => {
        const model = await modelFromText(TEXT);
        const plan = planVerify(model, { kinds: ['bgp-session', 'bgp-prefixes'] });
        const down = ok(JSON.stringify({ ipv4Unicast: { peers: { '10.99.3.1': { state: 'Active', remoteAs: 65100 } } } }));
        const checks = new Map(
            evaluatePlan(plan, (host, probe) => (host === 'tor-a' && probe === 'bgp-summary' ? down : probe === 'bgp-summary' ? SUMMARIES[host as keyof typeof SUMMARIES] : routes({}))).map((c) => [c.id, c])
        );
        expect(checks.get('bgp-session:tor-a<->spine@tor-a')!.status).toBe('fail');
        expect(checks.get('bgp-prefixes:tor-a<->spine@tor-a')!.status).toBe('unknown');
    });

    test('each route counts: tor-a receives one of tor-b\'s two addresses; the finding names the missing one on the `neighbor spine` line', async () => {
        const B2 = '10.99.6.31/32';
        const checks = await report({ ...HEALTHY, 'tor-b': { '10.99.2.11': [B], '10.99.2.12': [B2], '10.99.3.1': [A] }, spine: { '10.99.3.2': [A], '10.99.3.3': [B, B2] } });
        const torA = checks.get('bgp-prefixes:tor-a<->spine@tor-a')!;
        expect(torA.status).toBe('fail');
        expect(torA.message).toBe(`missing from spine: ${B2} (on tor-b)`);
        expect([torA.element, torA.line]).toEqual(['neighbor spine of router tor-a', 8]);
        // the spine has both from tor-b and tor-a's one from tor-a
        expect(checks.get('bgp-prefixes:tor-b<->spine@spine')!.status).toBe('pass');
        expect(checks.get('bgp-prefixes:tor-a<->spine@spine')!.status).toBe('pass');
    });

    test('a shorter route inside the pool is its own route: a /32 does not stand in for a /31 announced behind', async () => {
        const wide = '10.99.6.32/31';
        // The routers carry exactly the lengths the advertisements send (issue 17): here host routes and /31s.
        const slash31 = TEXT.replace('    pool lb\n', '    pool lb\n    advertise pool lb { aggregate 32 }, pool lb { aggregate 31 }\n');
        const checks = await report({ ...HEALTHY, 'tor-b': { '10.99.2.11': [B, wide], '10.99.3.1': [A] }, 'tor-a': { '10.99.1.11': [A], '10.99.3.1': [B, '10.99.6.32/32'] }, spine: { '10.99.3.2': [A], '10.99.3.3': [B, wide] } }, slash31);
        const torA = checks.get('bgp-prefixes:tor-a<->spine@tor-a')!;
        expect(torA.status).toBe('fail');
        expect(torA.message).toBe(`missing from spine: ${wide} (on tor-b)`);
    });
});

describe('verify: communities across the fabric', () => {
    const COMMUNITIES = TEXT.replace('    pool lb\n', '    pool lb\n    advertise pool lb { communities 64512:100, 4200000000:1:2 }\n');
    const NO_EXPORT = TEXT.replace('    pool lb\n', '    pool lb\n    advertise pool lb { communities no-export }\n');

    test('eBGP keeps the communities: the routes from the spine carry those of the advertisement (pass); one that lost them fails, naming it', async () => {
        const tagged = { community: '64512:100', large: '4200000000:1:2' };
        const details: Details = { 'tor-a': { '10.99.3.1': { [B]: tagged } }, 'tor-b': { '10.99.3.1': { [A]: tagged } }, spine: { '10.99.3.2': { [A]: tagged }, '10.99.3.3': { [B]: tagged } } };
        const green = await report(HEALTHY, COMMUNITIES, details);
        expect([...green.values()].filter((check) => check.status !== 'pass').map((check) => `${check.id}: ${check.message}`)).toEqual([]);
        const stripped = await report(HEALTHY, COMMUNITIES, { ...details, 'tor-a': { '10.99.3.1': { [B]: { community: '64512:100' } } } });
        const torA = stripped.get('bgp-prefixes:tor-a<->spine@tor-a')!;
        expect(torA.status).toBe('fail');
        expect(torA.message).toBe(`${B} from spine lacks 4200000000:1:2 of advertise pool lb (line 17)`);
        expect(torA.line).toBe(8);
    });

    test('no-export stops a route at the ToR its speakers announce it to: nothing is expected beyond, and a route that leaks fails', async () => {
        const own: Tables = { 'tor-a': { '10.99.1.11': [A] }, 'tor-b': { '10.99.2.11': [B] } };
        const green = await report(own, NO_EXPORT);
        expect([...green.values()].filter((check) => check.status !== 'pass').map((check) => `${check.id}: ${check.message}`)).toEqual([]);
        const leaked = await report({ ...own, 'tor-a': { '10.99.1.11': [A], '10.99.3.1': [B] } }, NO_EXPORT);
        const torA = leaked.get('bgp-prefixes:tor-a<->spine@tor-a')!;
        expect(torA.status).toBe('fail');
        expect(torA.message).toBe(`${B} arrived from spine though no-export of advertise pool lb (line 17) keeps it on tor-b`);
    });
});

/**
 * The same checks on real FRR 8.4 output of the routers lab's one-ToR-per-rack layout (lab-routers-capture.bgptopo;
 * fixtures/frr/lab-routers_*.json, captured by capture-frr-fixtures.ts): rack a's GoBGP speakers tagged their routes
 * 64512:100 and 4200000000:1:2, rack b's no-export. The spine passed rack a's routes to tor-b with both communities;
 * tor-b kept rack b's.
 */
describe('verify: the fabric on real FRR JSON (routers lab)', () => {
    const LAB_TEXT = readFileSync(new URL('../lab-sessions/fixtures/lab-routers-capture.bgptopo', import.meta.url), 'utf8').replace(
        '    pool lb\n',
        '    pool lb\n    advertise pool lb { speakers rack=a  communities 64512:100, 4200000000:1:2 },\n              pool lb { speakers rack=b  communities no-export }\n'
    );
    const real = (router: string, what: string) => readFileSync(new URL(`./fixtures/frr/lab-routers_${router}_${what}.json`, import.meta.url), 'utf8');
    type Captured = Record<string, Record<string, string>>;
    const captured = (): Captured =>
        Object.fromEntries(
            ['spine', 'tor-a', 'tor-b'].map((router) => [
                router,
                { 'bgp-summary': real(router, 'show_bgp_summary'), 'bgp-ipv4': real(router, 'show_bgp_ipv4_unicast'), 'bgp-ipv4-detail': real(router, 'show_bgp_ipv4_unicast_json_detail') }
            ])
        );
    const advertiseLine = LAB_TEXT.split('\n').findIndex((line) => line.includes('advertise pool lb')) + 1;

    async function fabricChecks(answers: Captured) {
        const model = await modelFromText(LAB_TEXT);
        const plan = planVerify(model, { kinds: ['bgp-session', 'bgp-prefixes'] });
        const evaluated = evaluatePlan(plan, (host, probe) => (answers[host]?.[probe] !== undefined ? ok(answers[host]![probe]!) : { missing: `${host}: no answer to ${probe}` }));
        return new Map(evaluated.filter((check) => check.id.includes('<->')).map((check) => [check.id, check]));
    }
    /** Edits one captured JSON answer. */
    const edit = (answers: Captured, router: string, probe: string, change: (json: { routes: Record<string, any[]> }) => void): Captured => {
        const json = JSON.parse(answers[router]![probe]!);
        change(json);
        return { ...answers, [router]: { ...answers[router]!, [probe]: JSON.stringify(json) } };
    };

    test("as captured: every router end passes — rack a's routes reach tor-b with their communities, rack b's no-export routes stay on tor-b", async () => {
        const checks = await fabricChecks(captured());
        expect([...checks.values()].filter((check) => check.status !== 'pass').map((check) => `${check.id}: ${check.message}`)).toEqual([]);
        expect([...checks.keys()].filter((id) => id.startsWith('bgp-prefixes:')).sort()).toEqual([
            'bgp-prefixes:tor-a<->spine@spine',
            'bgp-prefixes:tor-a<->spine@tor-a',
            'bgp-prefixes:tor-b<->spine@spine',
            'bgp-prefixes:tor-b<->spine@tor-b'
        ]);
        // tor-b gets rack a's routes from the spine; tor-a nothing from the spine, nor the spine from tor-b: all rack b
        // announces is no-export.
        expect(checks.get('bgp-prefixes:tor-b<->spine@tor-b')!.message).toBe('received 10.99.6.10/32, 10.99.6.11/32');
        expect(checks.get('bgp-prefixes:tor-a<->spine@spine')!.message).toBe('received 10.99.6.10/32, 10.99.6.11/32');
    });

    test("a route that lost a community on the way fails on tor-b's `neighbor spine` line, naming it and the advertisement", async () => {
        const answers = edit(captured(), 'tor-b', 'bgp-ipv4-detail', (json) => {
            delete json.routes['10.99.6.11/32']![1].largeCommunity;
        });
        const torB = (await fabricChecks(answers)).get('bgp-prefixes:tor-b<->spine@tor-b')!;
        expect([torB.status, torB.message]).toEqual(['fail', `10.99.6.11/32 from spine lacks 4200000000:1:2 of advertise pool lb (line ${advertiseLine})`]);
        expect(torB.element).toBe('neighbor spine of router tor-b');
    });

    test("one of rack a's routes missing on tor-b is named; a no-export route of rack b arriving on tor-a fails", async () => {
        let answers = edit(captured(), 'tor-b', 'bgp-ipv4', (json) => {
            delete json.routes['10.99.6.11/32'];
        });
        answers = edit(answers, 'tor-a', 'bgp-ipv4', (json) => {
            const fromSpine = JSON.parse(real('tor-b', 'show_bgp_ipv4_unicast')).routes['10.99.6.10/32'];
            json.routes['10.99.6.12/32'] = fromSpine.map((path: Record<string, unknown>) => ({ ...path, prefix: '10.99.6.12', network: '10.99.6.12/32' }));
        });
        const checks = await fabricChecks(answers);
        expect(checks.get('bgp-prefixes:tor-b<->spine@tor-b')!.message).toBe('missing from spine: 10.99.6.11/32 (on tor-a)');
        expect(checks.get('bgp-prefixes:tor-a<->spine@tor-a')!.message).toBe(
            `10.99.6.12/32 arrived from spine though no-export of advertise pool lb (line ${advertiseLine + 1}) keeps it on tor-b`
        );
    });
});

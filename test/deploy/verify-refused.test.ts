/**
 * Routes a router refused from a speaker (issue 17), without SSH, on real FRR 8.4 output captured from the
 * lab-announce scenario (fixtures/frr/lab-announce_r1_*.json, capture-frr-fixtures.ts): n1 announced 192.0.2.77/32,
 * outside every pool; r1's import policy refused it and `soft-reconfiguration inbound` kept it in
 * `filtered-routes`. One vtysh run asks for every speaker neighbor; the finding is on the group's `peer` line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { jsonObjects, parseRefused, refusedProbe } from '../../src/deploy/verify-check-refused.js';
import { evaluatePlan, planVerify, type ProbeAnswer } from '../../src/deploy/verify-plan.js';
import { modelFromText } from './verify-lab-setup.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'frr', name), 'utf8');
const TEXT = readFileSync(join(import.meta.dirname, '..', 'lab-sessions', 'fixtures', 'lab-announce.bgptopo'), 'utf8');
/** n1, n2, n3 and then an unknown neighbor (10.99.1.99), in that order. */
const FILTERED = fixture('lab-announce_r1_filtered_routes.json');
const ok = (stdout: string): ProbeAnswer => ({ output: { stdout, stderr: '', code: 0 } });
/** The captured output for the first `count` neighbors only. */
const firstObjects = (count: number) => jsonObjects(FILTERED).slice(0, count).map((object) => JSON.stringify(object, null, 2)).join('\n');

const SUMMARY = ok(
    JSON.stringify({
        ipv4Unicast: { peers: Object.fromEntries(['10.99.1.11', '10.99.1.12', '10.99.1.13'].map((peer) => [peer, { state: 'Established', remoteAs: 64512, peerState: 'OK', pfxRcd: 6, pfxSnt: 0 }])) }
    })
);

async function checks(refused: ProbeAnswer) {
    const model = await modelFromText(TEXT);
    const plan = planVerify(model, { kinds: ['bgp-refused'] });
    const argv = plan.probes.get('r1')!.find((probe) => probe.id === 'bgp-refused-ipv4')!.argv;
    const answers = (host: string, probe: string): ProbeAnswer => (probe === 'bgp-summary' ? SUMMARY : probe === 'bgp-refused-ipv4' ? refused : { missing: `${host}: ${probe}` });
    return { argv, results: new Map(evaluatePlan(plan, answers).map((check) => [check.id, check])) };
}

describe('routes refused by the import policy (filtered-routes)', () => {
    test("FRR's output of one vtysh run for four neighbors: a refused route, two empty lists, a warning for the unknown one", () => {
        expect(parseRefused(FILTERED)).toEqual([{ prefixes: ['192.0.2.77/32'] }, { prefixes: [] }, { prefixes: [] }, { warning: 'No such neighbor in this view/vrf' }]);
        // received-routes holds the same route with the accepted ones: the Adj-RIB-In that soft-reconfiguration keeps
        const received = JSON.parse(fixture('lab-announce_r1_received_routes.json'));
        expect(Object.keys(received.receivedRoutes)).toContain('192.0.2.77/32');
        expect(received.filteredPrefixCounter).toBe(1);
    });

    test('one probe per router and family asks for every speaker neighbor, argument by argument', async () => {
        const { argv } = await checks(ok(firstObjects(3)));
        expect(argv).toEqual(refusedProbe(4, ['10.99.1.11', '10.99.1.12', '10.99.1.13']).argv);
        expect(argv).toEqual([
            'vtysh',
            '-c',
            'show bgp ipv4 unicast neighbors 10.99.1.11 filtered-routes json',
            '-c',
            'show bgp ipv4 unicast neighbors 10.99.1.12 filtered-routes json',
            '-c',
            'show bgp ipv4 unicast neighbors 10.99.1.13 filtered-routes json'
        ]);
    });

    test("n1's refused route fails n1's row on the group's peer line, naming prefix and node; n2 and n3 pass", async () => {
        const { results } = await checks(ok(firstObjects(3)));
        const n1 = results.get('bgp-refused:k/metallb/n1->r1')!;
        expect(n1.status).toBe('fail');
        expect(n1.message).toBe("192.0.2.77/32 announced by n1 but outside what the file permits (refused by the router's import policy)");
        expect(n1.line).toBe(TEXT.split('\n').findIndex((line) => line.includes('peer r1')) + 1);
        expect(results.get('bgp-refused:k/metallb/n2->r1')!.status).toBe('pass');
        expect(results.get('bgp-refused:k/metallb/n3->r1')!.status).toBe('pass');
    });

    test('an answer that does not line up with the neighbors asked is unknown, not a pass', async () => {
        const { results } = await checks(ok(FILTERED));
        expect(results.get('bgp-refused:k/metallb/n1->r1')!.status).toBe('unknown');
        expect(results.get('bgp-refused:k/metallb/n1->r1')!.message).toBe('r1: bgp-refused-ipv4 answered for 4 of 3 neighbors');
    });

    test('FRR keeping nothing for the neighbor (a warning instead of routes) is unknown', async () => {
        const warning = JSON.stringify({ warning: 'Inbound soft reconfiguration not enabled' });
        const { results } = await checks(ok([warning, warning, warning].join('\n')));
        expect(results.get('bgp-refused:k/metallb/n2->r1')!.status).toBe('unknown');
        expect(results.get('bgp-refused:k/metallb/n2->r1')!.message).toBe('FRR keeps no refused routes for 10.99.1.12: Inbound soft reconfiguration not enabled');
    });
});

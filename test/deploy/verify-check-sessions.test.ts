/**
 * The session checks (verify-check-bgp*.ts, -graceful-restart, -bfd) planned from the sessions table of the lab
 * scenarios' own fixtures (test/lab-sessions/fixtures/, with their 10.99.S.H addresses) and judged against FRR
 * JSON captured in those labs (fixtures/frr/lab-*.json, see fixtures/frr/README.md) — no SSH.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { evaluatePlan, planVerify, type ProbeAnswer, type VerifyPlan } from '../../src/deploy/verify-plan.js';
import { evaluateBfd } from '../../src/deploy/verify-check-bfd.js';
import { jsonObjects } from '../../src/deploy/verify-check-refused.js';
import { evaluateGracefulRestart } from '../../src/deploy/verify-check-graceful-restart.js';
import { parseBfdPeers } from '../../src/deploy/verify-frr-bfd.js';
import { parseBgpNeighbors } from '../../src/deploy/verify-frr-neighbors.js';
import type { VerifyCheck } from '../../src/deploy/verify-types.js';
import type { TopologyModel } from '../../src/model/index.js';
import { sessionTable } from '../../src/model/session-table.js';
import { decodeTopologyModel, encodeTopologyModel } from '../../src/model/topology-model-transport.js';
import { fixtureText } from '../lab-sessions/lab-sessions-setup.js';
import { modelFromText } from './verify-lab-setup.js';

const frr = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'frr', name), 'utf8');
const ok = (stdout: string): ProbeAnswer => ({ output: { stdout, stderr: '', code: 0 } });
/** FRR's `filtered-routes json` for a neighbor whose routes were all accepted (captured in lab-announce). */
const NOTHING_REFUSED = JSON.stringify(jsonObjects(frr('lab-announce_r1_filtered_routes.json'))[1]);

type Answers = Record<string, Record<string, string>>;

function evaluate(plan: VerifyPlan, answers: Answers): Map<string, VerifyCheck> {
    const checks = evaluatePlan(plan, (host, probe) => {
        const stdout = answers[host]?.[probe];
        return stdout === undefined ? { missing: `${host}: no answer to ${probe}` } : ok(stdout);
    });
    return new Map(checks.map((check) => [check.id, check]));
}

const rangeText = (text: string, check: VerifyCheck) => text.split('\n')[check.range!.start.line]!.slice(check.range!.start.character, check.range!.end.character);
const lineOf = (text: string, fragment: string) => text.split('\n').findIndex((line) => line.includes(fragment)) + 1;

describe('an `over ipv6` session with BFD and graceful restart (lab-over-ipv6)', () => {
    const text = fixtureText('lab-over-ipv6');
    const id = 'dual/metallb/n1->r1';
    let model: TopologyModel;
    let plan: VerifyPlan;
    const healthy = (): Answers => ({
        r1: {
            'bgp-summary': frr('lab-over-ipv6_show_bgp_summary.json'),
            'bgp-ipv4': frr('lab-over-ipv6_show_bgp_ipv4_unicast.json'),
            'bgp-ipv6': frr('lab-over-ipv6_show_bgp_ipv6_unicast.json'),
            'bgp-neighbors': frr('lab-over-ipv6_show_bgp_neighbors.json'),
            'bfd-peers': frr('lab-over-ipv6_show_bfd_peers.json'),
            'bgp-refused-ipv4': NOTHING_REFUSED,
            'bgp-refused-ipv6': NOTHING_REFUSED
        }
    });

    beforeAll(async () => {
        model = await modelFromText(text, 'file:///lab-over-ipv6.bgptopo');
        plan = planVerify(model);
    });

    test('plans exactly the table`s row: session, prefixes, both carried families, graceful restart, BFD — on the peer line', () => {
        expect(sessionTable(model).map((row) => row.id)).toEqual([id]);
        expect(plan.checks.map((check) => check.id)).toEqual([
            `bgp-session:${id}`,
            `bgp-prefixes:${id}`,
            `bgp-family:${id}:ipv4`,
            `bgp-family:${id}:ipv6`,
            `bgp-graceful-restart:${id}`,
            `bfd:${id}`,
            `bgp-refused:${id}`
        ]);
        expect(plan.probes.get('r1')!.map((probe) => probe.id)).toEqual(['bgp-summary', 'bgp-ipv4', 'bgp-ipv6', 'bgp-neighbors', 'bfd-peers', 'bgp-refused-ipv4', 'bgp-refused-ipv6']);
        const bfd = plan.checks.find((check) => check.kind === 'bfd')!;
        expect(bfd.rule).toMatchObject({ rule: 'bfd', source: 'fd00:99:1::11', local: 'fd00:99:1::1', timers: { receiveMs: 300, transmitMs: 300, multiplier: 3 } });
        for (const check of plan.checks) {
            expect(check.location.line).toBe(lineOf(text, 'peer r1 {'));
        }
    });

    test('healthy: every check passes; IPv4 is judged in ipv4Unicast over the IPv6 neighbor', () => {
        const checks = evaluate(plan, healthy());
        expect([...checks.values()].filter((check) => check.status !== 'pass').map((check) => [check.id, check.message])).toEqual([]);
        expect(checks.get(`bgp-prefixes:${id}`)!.message).toBe('received 10.99.6.10/32');
        expect(checks.get(`bgp-family:${id}:ipv4`)!.message).toBe('IPv4 unicast negotiated over the IPv6 session, extended next hop on both sides; 1 prefixes received');
        expect(checks.get(`bgp-family:${id}:ipv6`)!.message).toBe('IPv6 unicast negotiated; 0 prefixes received');
        expect(checks.get(`bfd:${id}`)!.message).toBe('BFD up (receive 300 ms, transmit 300 ms, multiplier 3)');
        expect(rangeText(text, checks.get(`bfd:${id}`)!)).toBe('r1');
    });

    test('the node`s BFD profile changed: only BFD fails, naming the side and the timer', () => {
        const answers = healthy();
        answers.r1!['bfd-peers'] = frr('lab-over-ipv6_show_bfd_peers__node_receive_200.json');
        const failing = [...evaluate(plan, answers).values()].filter((check) => check.status !== 'pass');
        expect(failing.map((check) => [check.id, check.status, check.message])).toEqual([
            [`bfd:${id}`, 'fail', "BFD with fd00:99:1::11 is up, but the profile's timers differ: peer receive 200 ms, not 300 ms"]
        ]);
    });

    test('the node stopped: the session is Idle (graceful restart keeps the neighbor), BFD down, the details unknown', () => {
        const answers = healthy();
        answers.r1!['bgp-summary'] = frr('lab-over-ipv6_show_bgp_summary__node_stopped.json');
        answers.r1!['bfd-peers'] = frr('lab-over-ipv6_show_bfd_peers__node_stopped.json');
        const checks = evaluate(plan, answers);
        expect(checks.get(`bgp-session:${id}`)).toMatchObject({ status: 'fail', message: 'neighbor fd00:99:1::11 is Idle' });
        expect(checks.get(`bfd:${id}`)).toMatchObject({ status: 'fail', message: 'BFD with fd00:99:1::11 is down' });
        for (const kind of ['bgp-prefixes', 'bgp-family', 'bgp-graceful-restart']) {
            const check = [...checks.values()].find((c) => c.kind === kind)!;
            expect(check).toMatchObject({ status: 'unknown', message: 'not evaluated: the session is not healthy' });
        }
    });

    test('IPv4 without the extended next hop capability, or not negotiated at all, fails the IPv4 family only', () => {
        const answers = healthy();
        answers.r1!['bgp-neighbors'] = frr('lab-over-ipv6_show_bgp_neighbors.json').replace('"extendedNexthop":"advertisedAndReceived"', '"extendedNexthop":"advertised"');
        let checks = evaluate(plan, answers);
        expect(checks.get(`bgp-family:${id}:ipv4`)).toMatchObject({
            status: 'fail',
            message: 'IPv4 unicast over an IPv6 session needs the extended next hop capability on both sides (the router advertised extended next hop, the peer did not)'
        });
        expect(checks.get(`bgp-family:${id}:ipv6`)!.status).toBe('pass');
        answers.r1!['bgp-neighbors'] = frr('lab-over-ipv6_show_bgp_neighbors.json').replace(/"ipv4Unicast":\{\s*"advertisedAndReceived":true\s*\}/, '"ipv4Unicast":{"advertised":true}');
        checks = evaluate(plan, answers);
        expect(checks.get(`bgp-family:${id}:ipv4`)).toMatchObject({
            status: 'fail',
            message: 'IPv4 unicast not negotiated with fd00:99:1::11 (the router advertised multiprotocol capability, the peer did not)'
        });
    });

    test('the neighbor not active in IPv4 on the router: the IPv4 family fails, saying where it is listed', () => {
        const answers = healthy();
        const summary = JSON.parse(frr('lab-over-ipv6_show_bgp_summary.json')) as Record<string, unknown>;
        delete summary.ipv4Unicast;
        answers.r1!['bgp-summary'] = JSON.stringify(summary);
        const checks = evaluate(plan, answers);
        expect(checks.get(`bgp-session:${id}`)!.status).toBe('pass');
        expect(checks.get(`bgp-family:${id}:ipv4`)).toMatchObject({
            status: 'fail',
            message: 'neighbor fd00:99:1::11 is not active for IPv4 unicast on the router (listed under ipv6Unicast only)'
        });
    });

    test('bfd-peers unavailable (bfdd not running): BFD unknown, the rest still judged', () => {
        const answers = healthy();
        delete answers.r1!['bfd-peers'];
        const checks = evaluate(plan, answers);
        expect(checks.get(`bfd:${id}`)).toMatchObject({ status: 'unknown', message: 'r1: no answer to bfd-peers' });
        expect(checks.get(`bgp-graceful-restart:${id}`)!.status).toBe('pass');
    });
});

describe('a dual-homed node with IPv4 and IPv6 sessions (lab-dual-homed)', () => {
    test('each session is judged in its own family`s summary: the neighbors are listed under both, with other counts', async () => {
        const text = fixtureText('lab-dual-homed');
        const model = await modelFromText(text, 'file:///lab-dual-homed.bgptopo');
        const plan = planVerify(model, { kinds: ['bgp-session', 'bgp-family'] });
        expect(plan.checks.map((check) => check.id).sort()).toEqual([
            'bgp-family:edge/cilium-bgp/n1->leaf-a/ipv6:ipv6',
            'bgp-family:edge/cilium-bgp/n1->leaf-b/ipv6:ipv6',
            'bgp-session:edge/cilium-bgp/n1->leaf-a',
            'bgp-session:edge/cilium-bgp/n1->leaf-a/ipv6',
            'bgp-session:edge/cilium-bgp/n1->leaf-b',
            'bgp-session:edge/cilium-bgp/n1->leaf-b/ipv6'
        ]);
        const checks = evaluate(plan, { 'leaf-a': { 'bgp-summary': frr('lab-dual-homed_leaf-a_show_bgp_summary.json') } });
        expect(checks.get('bgp-session:edge/cilium-bgp/n1->leaf-a')!.message).toBe('Established, peerState OK, 2 prefixes received');
        expect(checks.get('bgp-session:edge/cilium-bgp/n1->leaf-a/ipv6')!.message).toBe('Established, peerState OK, 1 prefixes received');
        expect(checks.get('bgp-session:edge/cilium-bgp/n1->leaf-a')!.subject).toBe('session n1 -> leaf-a (cilium-bgp, 10.99.1.11 -> 10.99.1.1)');
        expect(checks.get('bgp-family:edge/cilium-bgp/n1->leaf-a/ipv6:ipv6')).toMatchObject({ status: 'unknown', message: 'leaf-a: no answer to bgp-neighbors' });
        for (const check of checks.values()) {
            expect(check.line).toBe(lineOf(text, 'peer leaf-a, leaf-b'));
            expect(rangeText(text, check)).toBe(check.id.includes('leaf-a') ? 'leaf-a' : 'leaf-b');
        }
    });
});

describe('two racks, a group per rack (lab-racks)', () => {
    test('each session is located on its own rack`s peer line, on its router`s name', async () => {
        const text = fixtureText('lab-racks');
        const model = await modelFromText(text, 'file:///lab-racks.bgptopo');
        const plan = planVerify(model);
        expect(plan.checks.filter((check) => check.kind === 'bgp-session').map((check) => check.id).sort()).toEqual(
            sessionTable(model).map((row) => `bgp-session:${row.id}`).sort()
        );
        // The racks' labels are checked on each node's own `labels` (verify-node-labels.test.ts); the rest are sessions.
        for (const check of plan.checks.filter((candidate) => candidate.kind === 'node-labels')) {
            expect(text.split('\n')[check.location.line - 1]).toMatch(/\blabels\b/);
        }
        for (const check of plan.checks.filter((candidate) => candidate.kind !== 'node-labels')) {
            const router = check.id.split('->')[1]!;
            expect(check.location.line).toBe(lineOf(text, router.startsWith('tor-a') ? 'peer tor-a1, tor-a2' : 'peer tor-b1, tor-b2'));
            const range = check.location.range!;
            expect(text.split('\n')[range.start.line]!.slice(range.start.character, range.end.character)).toBe(router);
        }
        const restartTimes = plan.checks.filter((check) => check.kind === 'bgp-graceful-restart').map((check) => (check.rule as { restartTimeSeconds?: number }).restartTimeSeconds);
        expect(restartTimes).toEqual(Array(8).fill(90));
    });

    test('graceful restart against GoBGP peers: negotiated with the restart time they advertise; a different time or no capability fails', () => {
        const neighbors = parseBgpNeighbors(frr('lab-racks_tor-b1_show_bgp_neighbors.json'));
        expect(evaluateGracefulRestart(neighbors.get('10.99.2.11'), '10.99.2.11', 90)).toEqual({
            status: 'pass',
            message: "graceful restart negotiated (router Helper, peer Restart, the peer's restart time 90 s)"
        });
        expect(evaluateGracefulRestart(neighbors.get('10.99.2.11'), '10.99.2.11', 120)).toEqual({
            status: 'fail',
            message: 'the peer advertised a restart time of 90 s, not 120 s'
        });
        expect(evaluateGracefulRestart(neighbors.get('10.99.2.99'), '10.99.2.99').message).toBe('show bgp neighbors has no neighbor 10.99.2.99');
        const shared = parseBgpNeighbors(frr('show_bgp_neighbors.json'));
        expect(evaluateGracefulRestart(shared.get('10.0.1.5'), '10.0.1.5')).toEqual({
            status: 'fail',
            message: 'graceful restart not negotiated with 10.0.1.5: the router advertised the capability, the peer did not'
        });
        expect(evaluateGracefulRestart(shared.get('10.0.1.6'), '10.0.1.6').status).toBe('pass');
    });
});

describe('the editor`s path: a model sent as JSON (topology-model-transport.ts)', () => {
    test.each(['lab-racks', 'lab-dual-homed', 'lab-over-ipv6'])('%s: the same checks, rules and locations as the parsed model', async (fixture) => {
        const model = await modelFromText(fixtureText(fixture), `file:///${fixture}.bgptopo`);
        const sent = decodeTopologyModel(JSON.parse(JSON.stringify(encodeTopologyModel(model))) as ReturnType<typeof encodeTopologyModel>);
        const parsed = planVerify(model);
        expect(parsed.checks.length).toBeGreaterThan(0);
        expect(planVerify(sent).checks).toEqual(parsed.checks);
    });
});

describe('evaluateBfd', () => {
    const peers = parseBfdPeers(frr('show_bfd_peers.json'));

    test('up with the profile`s timers on both sides; no profile = timers not judged', () => {
        expect(evaluateBfd(peers, '10.0.1.6', '10.0.1.1', { receiveMs: 300, transmitMs: 300, multiplier: 3 }).status).toBe('pass');
        expect(evaluateBfd(peers, '10.0.1.6', undefined, {}).status).toBe('pass');
    });

    test('a different profile names every timer that differs; a missing session says so', () => {
        expect(evaluateBfd(peers, '10.0.1.6', '10.0.1.1', { receiveMs: 100, multiplier: 5 }).message).toBe(
            "BFD with 10.0.1.6 is up, but the profile's timers differ: router receive 300 ms, not 100 ms; router multiplier 3, not 5; peer receive 300 ms, not 100 ms; peer multiplier 3, not 5"
        );
        expect(evaluateBfd(peers, '10.0.1.5', '10.0.1.1', {})).toEqual({ status: 'fail', message: 'the router has no BFD session with 10.0.1.5' });
    });
});

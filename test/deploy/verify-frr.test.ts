/** FRR JSON readers and the session / prefix rules, against real FRR 8.4.4 output (fixtures/frr/README.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parsePrefix } from '../../src/model/ip-address.js';
import {
    comparePrefixes,
    evaluatePrefixes,
    evaluateSession,
    evaluateVipRoute,
    parseBgpRoutes,
    parseBgpSummary,
    prefixesFromPeer
} from '../../src/deploy/verify-frr.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'frr', name), 'utf8');
const prefix = (text: string) => parsePrefix(text)!;

describe('parseBgpSummary', () => {
    test('reads the AFI-wrapped form: both dynamic peers Established/OK', () => {
        const peers = parseBgpSummary(fixture('show_bgp_summary.json'));
        expect([...peers.keys()]).toEqual(['10.0.1.5', '10.0.1.6']);
        expect(peers.get('10.0.1.5')).toMatchObject({ state: 'Established', peerState: 'OK', pfxRcd: 1, pfxSnt: 0, remoteAs: 65001, dynamic: true, afi: 'ipv4Unicast' });
    });

    test('reads the per-AFI form (show bgp ipv4 unicast summary json) the same way', () => {
        const wrapped = parseBgpSummary(fixture('show_bgp_summary.json'));
        const bare = parseBgpSummary(fixture('show_bgp_ipv4_unicast_summary.json'));
        expect([...bare.values()]).toEqual([...wrapped.values()]);
    });

    test('an instance without peers prints {} and yields no peers; garbage is an error', () => {
        expect(parseBgpSummary('{\n}\n').size).toBe(0);
        expect(parseBgpSummary('').size).toBe(0);
        expect(() => parseBgpSummary('% Unknown command')).toThrow();
    });
});

describe('evaluateSession', () => {
    test('Established + peerState OK passes', () => {
        const peers = parseBgpSummary(fixture('show_bgp_summary.json'));
        expect(evaluateSession(peers.get('10.0.1.6'), '10.0.1.6', 65001)).toMatchObject({ status: 'pass' });
    });

    test('RFC 8212 trap: Established with peerState Policy and pfxRcd 0 is a failure that says why', () => {
        const peers = parseBgpSummary(fixture('show_bgp_summary__ebgp_requires_policy_blocking.json'));
        const peer = peers.get('10.0.1.6')!;
        expect(peer).toMatchObject({ state: 'Established', peerState: 'Policy', pfxRcd: 0 });
        const result = evaluateSession(peer, '10.0.1.6', 65001);
        expect(result.status).toBe('fail');
        expect(result.message).toMatch(/drops routes for lack of policy/);
        expect(result.message).toMatch(/RFC 8212/);
    });

    test('a peer that never came up is reported with its FSM state', () => {
        const peers = parseBgpSummary(fixture('show_bgp_summary__peer_not_established.json'));
        const result = evaluateSession(peers.get('10.0.1.5'), '10.0.1.5', 65002);
        expect(result).toMatchObject({ status: 'fail' });
        expect(result.message).toBe('neighbor 10.0.1.5 is Active, never established');
    });

    test('a peer that was up and went down is not called never established (FRR zeroes peerUptimeMsec, peerUptime is not "never")', () => {
        const summary = JSON.parse(fixture('show_bgp_summary__peer_not_established.json')) as Record<string, unknown>;
        const afi = Object.values(summary).find((value) => typeof value === 'object' && value && 'peers' in value) as { peers: Record<string, Record<string, unknown>> };
        Object.assign(afi.peers['10.0.1.5'], { state: 'Idle', peerUptime: '00:00:01', peerUptimeMsec: 0 });
        const result = evaluateSession(parseBgpSummary(JSON.stringify(summary)).get('10.0.1.5'), '10.0.1.5', 65002);
        expect(result).toEqual({ status: 'fail', message: 'neighbor 10.0.1.5 is Idle' });
    });

    test('a neighbor the router does not list at all fails', () => {
        const peers = parseBgpSummary(fixture('show_bgp_summary__ebgp_requires_policy_blocking.json'));
        expect(evaluateSession(peers.get('10.0.1.5'), '10.0.1.5').message).toMatch(/has no neighbor 10\.0\.1\.5/);
    });

    test('an Established peer with another AS than the topology says fails', () => {
        const peers = parseBgpSummary(fixture('show_bgp_summary.json'));
        expect(evaluateSession(peers.get('10.0.1.5'), '10.0.1.5', 65099)).toMatchObject({ status: 'fail', message: expect.stringMatching(/AS 65001.*AS 65099/) });
    });
});

describe('routes and prefixes', () => {
    const routes = parseBgpRoutes(fixture('show_bgp_ipv4_unicast.json'));

    test('ECMP: one prefix with a bestpath and a multipath from two peers', () => {
        const paths = routes.get('192.0.2.20/32')!;
        expect(paths.map((p) => [p.peerId, p.bestpath, p.multipath, p.nexthops])).toEqual([
            ['10.0.1.6', false, true, ['10.0.1.6']],
            ['10.0.1.5', true, false, ['10.0.1.5']]
        ]);
        expect(prefixesFromPeer(routes, '10.0.1.5')).toEqual(['192.0.2.20/32']);
        expect(prefixesFromPeer(routes, '10.0.1.7')).toEqual([]);
    });

    test('exact announcements must be present; anything else must lie inside a non-exact one', () => {
        const vip = { prefix: prefix('192.0.2.20/32'), exact: true };
        const pool = { prefix: prefix('203.0.113.0/24'), exact: false };
        expect(comparePrefixes(['192.0.2.20/32'], [vip])).toEqual({ missing: [], unexpected: [] });
        expect(comparePrefixes(['192.0.2.20/32', '203.0.113.7/32'], [vip, pool])).toEqual({ missing: [], unexpected: [] });
        expect(comparePrefixes(['203.0.113.7/32', '198.51.100.0/24'], [vip, pool])).toEqual({ missing: ['192.0.2.20/32'], unexpected: ['198.51.100.0/24'] });
        // A pool itself or a shorter prefix than the pool is not "inside" a longer exact announcement.
        expect(comparePrefixes(['192.0.2.0/24'], [vip]).unexpected).toEqual(['192.0.2.0/24']);
        const failed = evaluatePrefixes(comparePrefixes(['198.51.100.0/24'], [vip]), ['198.51.100.0/24']);
        expect(failed).toEqual({ status: 'fail', message: 'missing 192.0.2.20/32; unexpected 198.51.100.0/24 (received: 198.51.100.0/24)' });
    });

    test('kube-vip VIP route: next hops must be exactly the expected speakers', () => {
        const vip = prefix('192.0.2.20/32');
        expect(evaluateVipRoute(routes, vip, ['10.0.1.5', '10.0.1.6'])).toMatchObject({ status: 'pass' });
        expect(evaluateVipRoute(routes, vip, ['10.0.1.5', '10.0.1.6', '10.0.1.7']).message).toMatch(/no path from 10\.0\.1\.7/);
        expect(evaluateVipRoute(routes, vip, ['10.0.1.5']).message).toMatch(/unexpected path from 10\.0\.1\.6/);
        expect(evaluateVipRoute(routes, prefix('192.0.2.21/32'), ['10.0.1.5'])).toMatchObject({ status: 'fail', message: expect.stringMatching(/^no route to 192\.0\.2\.21\/32/) });
    });
});

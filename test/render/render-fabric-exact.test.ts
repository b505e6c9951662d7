/**
 * Issue 17 in FRR (the `fabric-exact` corpus topology; its files also pass vtysh --dryrun / bgpd -C in
 * render-checkers.test.ts): router-to-router policies exactly what the speakers' advertisements let arrive, per
 * family and in both directions — an aggregate length as its exact blocks, `ge N le N` for a shorter block, host
 * routes sent with `no-advertise` nowhere, a `no-export` pool only on iBGP sessions — and an aggregated pool rendered
 * as `aggregate-address P` without `summary-only`, so the fabric keeps P's more-specifics and only the upstream's
 * export list sends P alone. The sessions table's router rows list the same.
 */
import { describe, expect, test } from 'vitest';
import type { RenderedFile } from '../../src/render/render-types.js';
import { sessionTable } from '../../src/model/session-table.js';
import { FABRIC_EXACT, UPSTREAM_ANNOUNCE } from './focused-topologies.js';
import { exampleText, modelOf, renderText } from './render-fixtures.js';

const secrets = (name: string): string => `S-${name}`;
const confOf = (files: readonly RenderedFile[], router: string): string => files.find((f) => f.host === router && f.path === '/etc/frr/frr.conf')!.content;
const files = (await renderText(FABRIC_EXACT, { secrets })).files;
const conf = (router: string): string => confOf(files, router);

/** The `seq … permit …` rules of one prefix list, in order. */
function prefixList(text: string, name: string): string[] {
    return [...text.matchAll(new RegExp(`^ipv?6? ?prefix-list ${name.replace(/\./g, '\\.')} seq \\d+ (.*)$`, 'gm'))].map((match) => match[1]!);
}

const LOOPBACKS = ['permit 192.0.2.241/32', 'permit 192.0.2.242/32', 'permit 192.0.2.243/32', 'permit 192.0.2.254/32'];
const AGGREGATE_27 = ['permit 203.0.113.0/27', 'permit 203.0.113.32/27', 'permit 203.0.113.64/27', 'permit 203.0.113.96/27'];

describe('FRR: what routers carry is exact (issue 17)', () => {
    test('eBGP fabric: the /27 blocks of the aggregate, no host route (no-advertise), no no-export pool, loopbacks, the accepted default', () => {
        for (const router of ['spine', 'tor-a1', 'tor-b1']) {
            expect(prefixList(conf(router), 'PL-FABRIC-IN')).toEqual([...AGGREGATE_27, ...LOOPBACKS, 'permit 0.0.0.0/0']);
        }
        expect(conf('spine')).not.toMatch(/PL-FABRIC-IN seq \d+ permit \S+ le 32/);
    });

    test('per family: the IPv6 pool aggregated to /124 is exactly its /124s', () => {
        expect(prefixList(conf('spine'), 'PL-FABRIC-IN6')).toEqual(['permit 2001:db8:cafe::/120 ge 124 le 124']);
        expect(conf('spine')).toContain('route-map RM-FABRIC permit 20\n match ipv6 address prefix-list PL-FABRIC-IN6\nexit\n');
    });

    test('the same list in both directions on every eBGP router session', () => {
        expect(conf('spine')).toContain('  neighbor RTR-tor-b1 route-map RM-FABRIC in\n  neighbor RTR-tor-b1 route-map RM-FABRIC out\n');
        expect(conf('tor-b1')).toContain('  neighbor RTR-spine route-map RM-FABRIC in\n  neighbor RTR-spine route-map RM-FABRIC out\n');
    });

    test('iBGP between the ToRs of rack a: the no-export pool as host routes too, both ways; their eBGP session to the spine keeps it out', () => {
        const a1 = conf('tor-a1');
        expect(prefixList(a1, 'PL-FABRIC-IBGP-IN')).toEqual([...AGGREGATE_27, 'permit 198.51.100.0/26 ge 32', ...LOOPBACKS, 'permit 0.0.0.0/0']);
        expect(prefixList(a1, 'PL-FABRIC-IBGP-IN6')).toEqual(['permit 2001:db8:cafe::/120 ge 124 le 124']);
        expect(a1).toContain('  neighbor RTR-tor-a2 route-map RM-FABRIC-IBGP in\n  neighbor RTR-tor-a2 route-map RM-FABRIC-IBGP out\n');
        expect(a1).toContain('  neighbor RTR-spine route-map RM-FABRIC in\n  neighbor RTR-spine route-map RM-FABRIC out\n');
        // A router without iBGP router sessions gets no iBGP list.
        expect(conf('spine')).not.toContain('FABRIC-IBGP');
    });

    test('an aggregated pool is `aggregate-address P` without summary-only; the upstream export list is exactly P', () => {
        expect(conf('spine')).toContain('  aggregate-address 203.0.113.0/24\n');
        expect(conf('spine')).not.toContain('summary-only');
        expect(prefixList(conf('spine'), 'PL-UP-192.0.2.145-OUT')).toEqual(['permit 203.0.113.0/24']);
        // P itself is no route of the fabric: the spine does not send its aggregate back to the ToRs.
        expect(prefixList(conf('spine'), 'PL-FABRIC-IN')).not.toContain('permit 203.0.113.0/24');
    });

    test('the sessions table lists the same per session type', async () => {
        const rows = sessionTable(await modelOf(FABRIC_EXACT));
        const accepts = (id: string) => rows.find((row) => row.id === id)?.accepts;
        const bare = (rules: string[]) => rules.map((rule) => rule.replace(/^permit /, ''));
        expect(accepts('tor-a1<->spine@spine')).toEqual(bare([...AGGREGATE_27, ...LOOPBACKS, 'permit 0.0.0.0/0']));
        expect(accepts('tor-a1<->tor-a2@tor-a2')).toContain('198.51.100.0/26 ge 32');
        expect(accepts('tor-a1<->spine@spine')).not.toContain('198.51.100.0/26 ge 32');
    });

    test('rack-spine-metallb with `aggregate 27`: the fabric list and the speaker list of a ToR agree on the /27s; no `le 32`', async () => {
        const text = exampleText('v2/v2-rack-spine-metallb').replace('pool lb-web      { aggregate 24 }', 'pool lb-web      { aggregate 27 }');
        expect(text).toContain('{ aggregate 27 }');
        const tor = confOf((await renderText(text, { secrets })).files, 'tor-a1');
        expect(prefixList(tor, 'PL-FABRIC-IN')).toEqual([...AGGREGATE_27, 'permit 192.0.2.241/32', 'permit 192.0.2.242/32', 'permit 192.0.2.243/32', 'permit 192.0.2.244/32', 'permit 192.0.2.254/32', 'permit 0.0.0.0/0']);
        for (const rule of AGGREGATE_27) {
            expect(prefixList(tor, 'PL-prod-metallb-g1-IN')).toContain(rule);
        }
    });

    test('upstream-announce: the IPv6 pool (host routes) crosses the fabric as `ge 128`, not `le 128`', async () => {
        const spine = confOf((await renderText(UPSTREAM_ANNOUNCE, { secrets })).files, 'spine');
        expect(prefixList(spine, 'PL-FABRIC-IN6')[0]).toBe('permit 2001:db8:cafe::/120 ge 128');
    });

    test('graceful restart asked by a speaker group on listen ranges: the global `bgp graceful-restart`, helper mode for the router neighbor', () => {
        const tor = conf('tor-b1');
        expect(tor).toContain(' bgp graceful-restart\n');
        expect(tor).toContain(' neighbor prod-metallb-g2 graceful-restart\n');
        // On the member: FRR 8.4 ignores a peer-group's graceful-restart settings for it.
        expect(tor).toContain(' neighbor 192.0.2.129 peer-group RTR-spine\n neighbor 192.0.2.129 graceful-restart-helper\n');
        // Routers whose speaker groups ask for none get neither.
        for (const router of ['tor-a1', 'spine']) {
            expect(conf(router)).not.toContain('graceful-restart');
        }
    });

    test('graceful restart asked only by a router neighbor: the global `bgp graceful-restart` on both routers, helper mode for the others', async () => {
        const text = [
            'topology gr-routers',
            'network fabric 192.0.2.0/28',
            'router core  { asn 65200  address 192.0.2.3 }',
            'router spine { asn 65100  address 192.0.2.1 }',
            'router tor   { asn 65101  address 192.0.2.2  neighbor core { graceful-restart }  neighbor spine }',
            ''
        ].join('\n');
        const rendered = (await renderText(text, { secrets })).files;
        const core = confOf(rendered, 'core');
        const tor = confOf(rendered, 'tor');
        // FRR 8.4 leaves a peer-group's member in Helper mode without the global setting (the graceful-restart lab).
        for (const router of [core, tor]) {
            expect(router).toContain(' bgp graceful-restart\n');
        }
        // The peer-group's own line would be refused next to the global one by bgpd, and it is ignored for the member.
        expect(tor).not.toContain('neighbor RTR-core graceful-restart');
        expect(tor).toContain(' neighbor 192.0.2.1 peer-group RTR-spine\n neighbor 192.0.2.1 graceful-restart-helper\n');
        expect(confOf(rendered, 'spine')).not.toContain('graceful-restart');
    });
});

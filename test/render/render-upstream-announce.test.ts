/**
 * LANGUAGE-V2 §4 `announce` / `accept` in FRR (the `upstream-announce` corpus topology; its files also pass
 * vtysh --dryrun / bgpd -C in render-checkers.test.ts): exact export and import policies towards upstreams,
 * `aggregate-address …` per family (no summary-only: the export list keeps the more-specifics from the upstream), `network` statements for connected announcements, and a router
 * neighbor's `announce` sent by the declaring router and accepted by the other (over BGP unnumbered too).
 */
import { describe, expect, test } from 'vitest';
import type { RenderedFile } from '../../src/render/render-types.js';
import { UPSTREAM_ANNOUNCE } from './focused-topologies.js';
import { renderText } from './render-fixtures.js';

const secrets = (name: string): string => `S-${name}`;
const files = (await renderText(UPSTREAM_ANNOUNCE, { secrets })).files;
const conf = (router: string): string => files.find((f: RenderedFile) => f.host === router && f.path === '/etc/frr/frr.conf')!.content;

/** The `seq … permit …` rules of one prefix list, in order. */
function prefixList(text: string, name: string): string[] {
    return [...text.matchAll(new RegExp(`^ipv?6? ?prefix-list ${name.replace(/\./g, '\\.')} seq \\d+ (.*)$`, 'gm'))].map((match) => match[1]);
}

/** The address-family block of one family. */
function family(text: string, afi: 'ipv4' | 'ipv6'): string {
    const start = text.indexOf(` address-family ${afi} unicast\n`);
    return text.slice(start, text.indexOf(' exit-address-family\n', start));
}

describe('FRR: upstream announce / accept', () => {
    const spine = conf('spine');

    test('export: exactly the announced prefixes (the aggregate, a pool as learned, the loopback, a VIP, a pod network)', () => {
        expect(prefixList(spine, 'PL-UP-192.0.2.145-OUT')).toEqual([
            'permit 203.0.113.0/24',
            'permit 198.51.100.0/26 le 32',
            'permit 192.0.2.254/32',
            'permit 198.51.100.250/32',
            'permit 10.250.0.0/16 le 32'
        ]);
        expect(spine).toContain('route-map RM-UP-192.0.2.145-OUT permit 10\n match ip address prefix-list PL-UP-192.0.2.145-OUT\nexit\n');
        expect(spine).toContain('  neighbor UP-192.0.2.145 route-map RM-UP-192.0.2.145-OUT out\n');
    });

    test('aggregate: `aggregate-address P` (not summary-only) in the family of P, and the loopback originated by `network`', () => {
        expect(family(spine, 'ipv4')).toContain('  network 192.0.2.254/32\n  aggregate-address 203.0.113.0/24\n');
        expect(family(spine, 'ipv6')).toContain('  aggregate-address 2001:db8:cafe::/120\n');
        expect(spine).not.toContain('summary-only');
        expect(family(spine, 'ipv4')).not.toContain('2001:db8:cafe::/120');
        expect(prefixList(spine, 'PL-UP-2001-db8-c-2-OUT6')).toEqual(['permit 2001:db8:cafe::/120']);
    });

    test('import: `accept default` is exactly the default route of the session\'s family; a list exactly its prefixes', () => {
        expect(prefixList(spine, 'PL-UP-192.0.2.145-IN')).toEqual(['permit 0.0.0.0/0']);
        expect(prefixList(spine, 'PL-UP-2001-db8-c-2-IN6')).toEqual(['permit 2001:db8:100::/48', 'permit ::/0']);
        expect(family(spine, 'ipv6')).toContain('  neighbor UP-2001-db8-c-2 route-map RM-UP-2001-db8-c-2-IN in\n  neighbor UP-2001-db8-c-2 route-map RM-UP-2001-db8-c-2-OUT out\n');
        // An IPv6 upstream carries nothing in IPv4.
        expect(family(spine, 'ipv4')).toContain('  neighbor UP-2001-db8-c-2 route-map RM-DENY-ALL in\n  neighbor UP-2001-db8-c-2 route-map RM-DENY-ALL out\n');
    });

    test('`accept nothing` and no `announce`: deny both ways', () => {
        expect(spine).toContain('  neighbor UP-192.0.2.150 route-map RM-DENY-ALL in\n  neighbor UP-192.0.2.150 route-map RM-DENY-ALL out\n');
    });

    test('routers carry the upstream defaults they accepted, and nothing of what is only sent upstream', () => {
        expect(prefixList(spine, 'PL-FABRIC-IN')).toContain('permit 0.0.0.0/0');
        expect(prefixList(spine, 'PL-FABRIC-IN6')).toEqual(['permit 2001:db8:cafe::/120 ge 128', 'permit 2001:db8:100::/48', 'permit ::/0']);
        expect(prefixList(conf('tor-a2'), 'PL-FABRIC-IN')).toContain('permit 0.0.0.0/0');
        expect(prefixList(spine, 'PL-FABRIC-IN')).not.toContain('permit 198.51.100.128/28');
    });
});

describe('FRR: neighbor ROUTER { announce … }', () => {
    test('over BGP unnumbered the announced loopback is sent and accepted in both families the session carries', () => {
        const a2 = conf('tor-a2');
        expect(family(a2, 'ipv4')).toContain('  network 192.0.2.242/32\n');
        expect(prefixList(a2, 'PL-RTR-tor-a1-OUT')).toEqual(['permit 192.0.2.242/32']);
        expect(family(a2, 'ipv4')).toContain('  neighbor RTR-tor-a1 route-map RM-FABRIC in\n  neighbor RTR-tor-a1 route-map RM-RTR-tor-a1-OUT out\n');
        expect(family(a2, 'ipv6')).toContain('  neighbor RTR-tor-a1 route-map RM-FABRIC in\n  neighbor RTR-tor-a1 route-map RM-RTR-tor-a1-OUT out\n');
        const a1 = conf('tor-a1');
        expect(prefixList(a1, 'PL-RTR-tor-a2-IN')).toEqual(['permit 192.0.2.242/32']);
        expect(family(a1, 'ipv6')).toContain('  neighbor RTR-tor-a2 route-map RM-RTR-tor-a2-IN in\n  neighbor RTR-tor-a2 route-map RM-FABRIC out\n');
    });

    test('the declaring router originates and sends its loopback and connected network, on top of the fabric', () => {
        const tor = conf('tor-a1');
        expect(family(tor, 'ipv4')).toContain('  network 192.0.2.241/32\n  network 198.51.100.128/28\n');
        expect(prefixList(tor, 'PL-RTR-spine-OUT')).toEqual(['permit 192.0.2.241/32', 'permit 198.51.100.128/28']);
        expect(tor).toContain(
            'route-map RM-RTR-spine-OUT permit 10\n match ip address prefix-list PL-FABRIC-IN\nexit\n!\nroute-map RM-RTR-spine-OUT permit 20\n match ipv6 address prefix-list PL-FABRIC-IN6\nexit\n!\nroute-map RM-RTR-spine-OUT permit 30\n match ip address prefix-list PL-RTR-spine-OUT\nexit\n'
        );
        expect(family(tor, 'ipv4')).toContain('  neighbor RTR-spine route-map RM-FABRIC in\n  neighbor RTR-spine route-map RM-RTR-spine-OUT out\n');
    });

    test('the other router accepts exactly those on that session only', () => {
        const spine = conf('spine');
        expect(prefixList(spine, 'PL-RTR-tor-a1-IN')).toEqual(['permit 192.0.2.241/32', 'permit 198.51.100.128/28']);
        expect(family(spine, 'ipv4')).toContain('  neighbor RTR-tor-a1 route-map RM-RTR-tor-a1-IN in\n  neighbor RTR-tor-a1 route-map RM-FABRIC out\n');
        expect(family(spine, 'ipv4')).toContain('  neighbor RTR-tor-a2 route-map RM-FABRIC in\n  neighbor RTR-tor-a2 route-map RM-FABRIC out\n');
        expect(conf('tor-a2')).not.toContain('198.51.100.128/28');
    });
});

/** Readers of `ip -j addr show`, HAProxy `show stat` and `wg show` output (captured fixtures: fixtures/verify-host/README.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { haproxyServerUp, parseHaproxyStat, parseIpAddrJson, parseWgAllowedIps, parseWgHandshakes } from '../../src/deploy/verify-host-state.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'verify-host', name), 'utf8');

describe('ip -j addr show', () => {
    test('lists every address, the keepalived VIP secondary included', () => {
        const addresses = parseIpAddrJson(fixture('ip-addr-router-with-vip.json'));
        expect([...addresses]).toEqual(['127.0.0.1', '::1', '10.77.0.1', '10.77.0.250', 'fe80::3cc0:49ff:fe8b:d1b9']);
    });

    test('rejects non-list output', () => {
        expect(() => parseIpAddrJson('{"a":1}')).toThrow(/not a JSON list/);
    });
});

describe('HAProxy show stat', () => {
    test('all three servers UP after L7 checks', () => {
        const rows = parseHaproxyStat(fixture('haproxy-show-stat-up.csv'));
        const servers = rows.filter((row) => row.server !== 'FRONTEND' && row.server !== 'BACKEND');
        expect(servers.map((row) => [row.server, row.address, row.status, row.checkStatus])).toEqual([
            ['cp1', '10.77.0.21:6443', 'UP', 'L7OK'],
            ['cp2', '10.77.0.22:6443', 'UP', 'L7OK'],
            ['cp3', '10.77.0.23:6443', 'UP', 'L7OK']
        ]);
        expect(servers.every(haproxyServerUp)).toBe(true);
    });

    test('a killed API server shows DOWN with its check status', () => {
        const rows = parseHaproxyStat(fixture('haproxy-show-stat-one-down.csv'));
        const cp2 = rows.find((row) => row.server === 'cp2')!;
        expect(cp2).toMatchObject({ status: 'DOWN', checkStatus: 'L4CON', lastCheck: 'Connection refused' });
        expect(haproxyServerUp(cp2)).toBe(false);
        expect(haproxyServerUp({ ...cp2, status: 'UP 1/3' })).toBe(true);
        expect(haproxyServerUp({ ...cp2, status: 'MAINT' })).toBe(false);
    });

    test('output without the CSV header (socket error text) is an error', () => {
        expect(() => parseHaproxyStat('Unknown command\n')).toThrow(/no CSV header/);
    });
});

describe('wg show', () => {
    // Format of wg(8): one "<base64 public key>\t<value>" line per peer.
    const keyA = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
    const keyB = 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=';

    test('latest-handshakes: epoch seconds per peer, 0 = never', () => {
        expect([...parseWgHandshakes(`${keyA}\t1795351772\n${keyB}\t0\n`)]).toEqual([
            [keyA, 1795351772],
            [keyB, 0]
        ]);
    });

    test('allowed-ips: canonical prefixes per peer, "(none)" is empty', () => {
        expect([...parseWgAllowedIps(`${keyA}\t10.99.0.21/32 198.51.100.100/32\n${keyB}\t(none)\n`)]).toEqual([
            [keyA, ['10.99.0.21/32', '198.51.100.100/32']],
            [keyB, []]
        ]);
    });
});

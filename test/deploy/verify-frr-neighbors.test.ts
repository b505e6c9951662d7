/** `show bgp neighbors json` and `show bfd peers json` readers against real FRR 8.4.4 output (fixtures/frr/README.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseBfdPeers } from '../../src/deploy/verify-frr-bfd.js';
import { parseBgpNeighbors } from '../../src/deploy/verify-frr-neighbors.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'frr', name), 'utf8');

describe('parseBgpNeighbors', () => {
    test('graceful restart: negotiated with one GoBGP peer, only advertised by the router to the other', () => {
        const neighbors = parseBgpNeighbors(fixture('show_bgp_neighbors.json'));
        expect([...neighbors.keys()]).toEqual(['10.0.1.5', '10.0.1.6']);
        expect(neighbors.get('10.0.1.5')).toMatchObject({
            state: 'Established',
            gracefulRestart: 'advertised',
            localGrMode: 'Helper',
            remoteGrMode: 'Disable',
            extendedNexthop: 'received',
            receivedRestartSeconds: 0
        });
        expect(neighbors.get('10.0.1.6')).toMatchObject({ gracefulRestart: 'advertisedAndReceived', remoteGrMode: 'Helper', configuredRestartSeconds: 120, receivedRestartSeconds: 120, extendedNexthop: 'none' });
        expect([...neighbors.get('10.0.1.6')!.families]).toEqual([['ipv4Unicast', 'advertisedAndReceived']]);
    });

    test('an IPv6 session carrying both families: both negotiated, extended next hop on both sides', () => {
        const neighbor = parseBgpNeighbors(fixture('lab-over-ipv6_show_bgp_neighbors.json')).get('fd00:99:1::11')!;
        expect([...neighbor.families]).toEqual([
            ['ipv4Unicast', 'advertisedAndReceived'],
            ['ipv6Unicast', 'advertisedAndReceived']
        ]);
        expect(neighbor).toMatchObject({ extendedNexthop: 'advertisedAndReceived', gracefulRestart: 'advertisedAndReceived', remoteGrMode: 'Restart' });
    });

    test('keys are canonical addresses; an empty answer has no neighbors; garbage is an error', () => {
        const text = fixture('lab-over-ipv6_show_bgp_neighbors.json').replace('"fd00:99:1::11"', '"FD00:99:1:0::11"');
        expect([...parseBgpNeighbors(text).keys()]).toEqual(['fd00:99:1::11']);
        expect(parseBgpNeighbors('{\n}\n').size).toBe(0);
        expect(parseBgpNeighbors('').size).toBe(0);
        expect(() => parseBgpNeighbors('% BGP instance not found')).toThrow();
        expect(() => parseBgpNeighbors('[]')).toThrow(/not a JSON object/);
    });
});

describe('parseBfdPeers', () => {
    test('an up session with the router`s and the peer`s timers', () => {
        expect(parseBfdPeers(fixture('show_bfd_peers.json'))).toEqual([
            {
                peer: '10.0.1.6',
                local: '10.0.1.1',
                multihop: false,
                status: 'up',
                timers: { receiveMs: 300, transmitMs: 300, multiplier: 3 },
                remoteTimers: { receiveMs: 300, transmitMs: 300, multiplier: 3 }
            }
        ]);
    });

    test('the peer`s profile changed, then the peer stopped (captured in the lab)', () => {
        const [changed] = parseBfdPeers(fixture('lab-over-ipv6_show_bfd_peers__node_receive_200.json'));
        expect(changed).toMatchObject({ peer: 'fd00:99:1::11', local: 'fd00:99:1::1', status: 'up', timers: { receiveMs: 300 }, remoteTimers: { receiveMs: 200 } });
        expect(parseBfdPeers(fixture('lab-over-ipv6_show_bfd_peers__node_stopped.json'))[0]!.status).toBe('down');
    });

    test('no sessions: [] or nothing; an object is an error', () => {
        expect(parseBfdPeers('[\n]\n')).toEqual([]);
        expect(parseBfdPeers('')).toEqual([]);
        expect(() => parseBfdPeers('{}')).toThrow(/not a JSON list/);
    });
});

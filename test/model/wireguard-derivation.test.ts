/**
 * WireGuard derivation: members (`members all` or a list), each member's mesh address, which member
 * carries each `route`, and the AllowedIPs other peers configure for it.
 */
import { describe, expect, test } from 'vitest';
import { lower } from './model-fixtures.js';

const TEXT = `topology mesh
network lan  10.77.0.0/24 { interface eth0 }
network vpn  10.99.0.0/24 { role vpn  interface wg0 }
network lbpool 203.0.113.0/24 { role loadbalancer }
router r1 { asn 64512  address 10.77.0.1  address 10.99.0.1 }
loadbalancer lb1 { address 10.77.0.11  address 10.99.0.11 }
loadbalancer lb2 { address 10.77.0.12  address 10.99.0.12 }
vip api 10.77.0.100 { keepalived vrid 52  holders lb1 priority 150, lb2 priority 100 }
wireguard wg0 {
  network vpn
  listen-port 51999
  members r1, lb1, lb2
  route lbpool via r1
  route 198.51.100.0/24 via lb2
  persistent-keepalive 25s
}
`;

describe('WireGuard derivation', () => {
    test('members, mesh addresses and AllowedIPs with the routes each carries', async () => {
        const [mesh] = (await lower(TEXT)).wireguards;
        expect([mesh!.name, mesh!.network?.name, mesh!.listenPort, mesh!.persistentKeepaliveSeconds]).toEqual(['wg0', 'vpn', 51999, 25]);
        expect(mesh!.members.map((m) => [m.host.name, m.address?.address.text, m.allowedIps.map((p) => p.text)])).toEqual([
            ['r1', '10.99.0.1', ['10.99.0.1/32', '203.0.113.0/24']],
            ['lb1', '10.99.0.11', ['10.99.0.11/32']],
            ['lb2', '10.99.0.12', ['10.99.0.12/32', '198.51.100.0/24']]
        ]);
        expect(mesh!.routes.map((r) => [r.prefix?.text, r.carriers.map((h) => h.name)])).toEqual([
            ['203.0.113.0/24', ['r1']],
            ['198.51.100.0/24', ['lb2']]
        ]);
    });

    test('a VIP route without `via` is carried by every holder (two carriers: the validator reports it)', async () => {
        const [mesh] = (await lower(TEXT.replace('route 198.51.100.0/24 via lb2', 'route api'))).wireguards;
        const route = mesh!.routes.find((r) => r.prefix?.text === '10.77.0.100/32');
        expect(route?.carriers.map((h) => h.name)).toEqual(['lb1', 'lb2']);
    });

    test('`members all` takes every host, in declaration order; a host outside the mesh network has no mesh address', async () => {
        const [mesh] = (await lower(`topology every-host
network vpn 10.99.0.0/24 { role vpn }
router r1 { asn 64512  address 10.99.0.1 }
loadbalancer lb1 { address 10.98.0.11 }
wireguard wg0 { network vpn  members all }
`)).wireguards;
        expect(mesh!.members.map((m) => [m.host.name, m.address?.address.text ?? null, m.allowedIps.length])).toEqual([
            ['r1', '10.99.0.1', 1],
            ['lb1', null, 0]
        ]);
        expect(mesh!.listenPort).toBe(51820);
    });
});

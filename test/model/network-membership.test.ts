/**
 * Network membership: an address belongs to its `on NETWORK`, else to the most specific declared network
 * containing it; a VIP to the most specific network containing it, with its interface from there.
 */
import { describe, expect, test } from 'vitest';
import { parseAddress, parsePrefix } from '../../src/model/ip-address.js';
import { PrefixIndex } from '../../src/model/network-index.js';
import { lower } from './model-fixtures.js';

describe('network membership', () => {
    test('most specific network wins, `on` overrides it, and an address outside every network has none', async () => {
        const model = await lower(`topology membership
network dc     10.0.0.0/16 { interface eth0 }
network rack1  10.0.1.0/24 { interface eth1 }
network mgmt   192.168.0.0/24 { role management }
router r1 { asn 64512  address 10.0.1.1  address 10.0.9.1  address 172.16.0.1  address 192.168.0.1 }
loadbalancer lb1 { address 10.0.1.11 on dc }
vip gw 10.0.1.250 { keepalived vrid 1  holders r1 }
`);
        const [r1] = model.routers;
        expect(r1!.addresses.map((a) => [a.address.text, a.network?.name, a.explicitNetwork])).toEqual([
            ['10.0.1.1', 'rack1', false],
            ['10.0.9.1', 'dc', false],
            ['172.16.0.1', undefined, false],
            ['192.168.0.1', 'mgmt', false]
        ]);
        expect(model.loadBalancers[0]!.addresses.map((a) => [a.network?.name, a.explicitNetwork])).toEqual([['dc', true]]);
        const [gw] = model.vips;
        expect([gw!.network?.name, gw!.interface]).toEqual(['rack1', 'eth1']);
        expect(r1!.vips).toEqual([gw]);
    });

    test('the prefix index finds the longest containing prefix per family, honouring a filter', () => {
        const index = new PrefixIndex(
            ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', 'fd00::/8', 'fd00:1::/32'].map((text) => ({ prefix: parsePrefix(text)!, item: text }))
        );
        const at = (text: string, accept?: (item: string) => boolean) => index.mostSpecific(parseAddress(text)!, accept);
        expect(at('10.1.2.3')).toBe('10.1.2.0/24');
        expect(at('10.1.3.3')).toBe('10.1.0.0/16');
        expect(at('10.9.0.1')).toBe('10.0.0.0/8');
        expect(at('11.0.0.1')).toBeUndefined();
        expect(at('fd00:1::5')).toBe('fd00:1::/32');
        expect(at('10.1.2.3', (item) => !item.endsWith('/24'))).toBe('10.1.0.0/16');
    });
});

/** `unresolved-reference` → the near misses of the kind the reference needs, closest first; none when nothing is close. */
import { describe, expect, test } from 'vitest';
import { fixesOf } from './code-action-support.js';

const SITE = `topology names
network rack 192.0.2.0/26
network lb 203.0.113.0/26 { role loadbalancer }
router tor-a1 { asn 65101  address 192.0.2.1 }
router tor-a2 { asn 65102  address 192.0.2.2 }
cluster prod {
  metallb { asn 64512  pool lb  PEERS }
  node cp1 control-plane { address 192.0.2.11 }
  node cp2 control-plane { address 192.0.2.12 }
  node cp3 control-plane { address 192.0.2.13 }
}
`;

describe('near-miss names', () => {
    test('a misspelt router: both routers within two edits, the closest first, none preferred', async () => {
        const { actions, apply } = await fixesOf(SITE.replace('PEERS', 'peer tor-a, tor-a2'), 'unresolved-reference');
        expect(actions.map((action) => [action.title, action.isPreferred ?? false])).toEqual([
            ["Change to 'tor-a1'", false],
            ["Change to 'tor-a2'", false]
        ]);
        const { text, codes } = await apply(actions[0]!);
        expect(text).toContain('peer tor-a1, tor-a2 }');
        expect(codes).toEqual([]);
    });

    test('only names of the kind the reference needs: a node name is not offered for a router', async () => {
        const { actions } = await fixesOf(SITE.replace('PEERS', 'peer cp4'), 'unresolved-reference');
        expect(actions).toEqual([]);
    });

    test('a name differing in case only comes first and is preferred', async () => {
        const { actions } = await fixesOf(SITE.replace('PEERS', 'peer tor-a1, TOR-A2'), 'unresolved-reference');
        expect(actions.map((action) => [action.title, action.isPreferred ?? false])).toEqual([
            ["Change to 'tor-a2'", true],
            ["Change to 'tor-a1'", false]
        ]);
    });

    test('one close name: preferred', async () => {
        const { actions } = await fixesOf(SITE.replace('PEERS', 'peer tor-a1, tor-a2').replace('pool lb ', 'pool lbx '), 'unresolved-reference');
        expect(actions.map((action) => [action.title, action.isPreferred])).toEqual([["Change to 'lb'", true]]);
    });
});

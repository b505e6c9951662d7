/** Quick fixes of the LANGUAGE-V2 §7 diagnostics: each removes its diagnostic and adds no error or warning. */
import { describe, expect, test } from 'vitest';
import { fixesOf } from './code-action-support.js';

const SITE = `topology pools
network rack 192.0.2.0/26
network lb1 203.0.113.0/26  { role loadbalancer }
network lb2 203.0.113.64/26 { role loadbalancer }
router tor { asn 65101  address 192.0.2.1 }
cluster prod {
  metallb {
    asn 64512
    peer tor
    pool lb1, lb2
    ADVERTISE
  }
  node cp1 control-plane { address 192.0.2.11 }
  node cp2 control-plane { address 192.0.2.12 }
  node cp3 control-plane { address 192.0.2.13 }
}
`;

describe('§7 quick fixes', () => {
    test('local-pref-ebgp → remove the local-pref; the other options stay', async () => {
        const { actions, apply } = await fixesOf(SITE.replace('ADVERTISE', 'advertise pool lb1 { local-pref 200  communities 64512:1 }, pool lb2'), 'local-pref-ebgp');
        expect(actions.map((a) => a.title)).toEqual(['Remove the local-pref (eBGP does not carry it)']);
        const after = await apply(actions[0]);
        expect(after.text).toContain('pool lb1 {   communities 64512:1 }');
        expect(after.codes).toEqual([]);
    });

    test('pool-unadvertised → advertise the pool (preferred), or remove it from `pool`', async () => {
        const { actions, apply } = await fixesOf(SITE.replace('ADVERTISE', 'advertise pool lb1 { aggregate 32 }'), 'pool-unadvertised');
        expect(actions.map((a) => a.title)).toEqual(['Advertise pool lb2 to every peer', "Remove lb2 from this block's pools"]);
        expect(actions[0].isPreferred).toBe(true);
        const advertised = await apply(actions[0]);
        expect(advertised.text).toContain('advertise pool lb1 { aggregate 32 }, pool lb2');
        expect(advertised.codes).toEqual([]);
        const removed = await apply(actions[1]);
        expect(removed.text).toContain('    pool lb1\n');
        expect(removed.codes).toEqual([]);
    });
});

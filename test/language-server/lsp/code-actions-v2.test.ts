/** Quick fixes of the LANGUAGE-V2 diagnostics: each removes its diagnostic and adds no error. */
import { describe, expect, test } from 'vitest';
import { fixesOf } from './code-action-support.js';

const RACKS = `topology racks
network rack-a 192.0.2.0/26
network lb 203.0.113.0/26 { role loadbalancer }
router tor-a { asn 65101  address 192.0.2.1 }
router tor-b { asn 65102  address 192.0.2.2  neighbor tor-a }
cluster prod {
  metallb {
    asn 64512
    pool lb
    GROUPS
  }
  node cp1 control-plane { address 192.0.2.11  labels rack=a }
  node cp2 control-plane { address 192.0.2.12  labels rack=a }
  node cp3 control-plane { address 192.0.2.13  labels rack=b }
}
`;

describe('v2 quick fixes', () => {
    test('session-duplicate → remove the router from the later group (the list stays well-formed)', async () => {
        const { actions, apply } = await fixesOf(RACKS.replace('GROUPS', 'peer tor-a { speakers rack=a }\n    peer tor-a, tor-b { speakers cp1 }'), 'session-duplicate');
        expect(actions.map((a) => a.title)).toEqual(['Remove tor-a from this group']);
        const { text, codes } = await apply(actions[0]);
        expect(text).toContain('peer tor-b { speakers cp1 }');
        expect(codes).toEqual([]);
    });

    test('session-duplicate on a group whose only router is duplicated → remove the group', async () => {
        const { actions, apply } = await fixesOf(RACKS.replace('GROUPS', 'peer tor-a\n    peer tor-a { speakers cp1 }'), 'session-duplicate');
        const { text, codes } = await apply(actions[0]);
        expect(text).not.toContain('speakers cp1');
        expect(codes).toEqual([]);
    });

    test('selector-empty → one fix per label value that exists', async () => {
        const { actions, apply } = await fixesOf(RACKS.replace('GROUPS', 'peer tor-a { speakers rack=c }'), 'selector-empty');
        expect(actions.map((a) => a.title)).toEqual(['Select rack=a', 'Select rack=b']);
        const { text, codes } = await apply(actions[1]);
        expect(text).toContain('peer tor-a { speakers rack=b }');
        expect(codes).toEqual([]);
    });

    test('vrrp-priority on a shared top priority → raise the first holder by one', async () => {
        const text = `topology v
defaults { interface eth0 }
network lan 10.0.0.0/24
router r1 { asn 65000  address 10.0.0.1 }
router r2 { asn 65000  address 10.0.0.2 }
router r3 { asn 65000  address 10.0.0.3 }
vip a 10.0.0.100 { keepalived vrid 1  holders r3 priority 90, r1 priority 120, r2 priority 120 }
`;
        const { actions, apply } = await fixesOf(text, 'vrrp-priority');
        expect(actions.map((a) => a.title)).toEqual(['Raise r1 to priority 121 (the one master)']);
        const fixed = await apply(actions[0]);
        expect(fixed.text).toContain('holders r3 priority 90, r1 priority 121, r2 priority 120');
        expect(fixed.codes).not.toContain('vrrp-priority');
    });

    test('vrrp-priority out of range (the error) gets no raise fix', async () => {
        const text = `topology v
defaults { interface eth0 }
network lan 10.0.0.0/24
router r1 { asn 65000  address 10.0.0.1 }
router r2 { asn 65000  address 10.0.0.2 }
vip a 10.0.0.100 { keepalived vrid 1  holders r1 priority 255, r2 priority 100 }
`;
        const { actions } = await fixesOf(text, 'vrrp-priority');
        expect(actions).toEqual([]);
    });
});

describe('v2 quick fixes, routers beyond the rack (§4)', () => {
    const PAIR = `topology pair
network fabric 192.0.2.64/28
router pc1 { asn 65120  address 192.0.2.67  neighbor pc2 { password secret "pc-one"  hold 9s  keepalive 3s } }
router pc2 { asn 65121  address 192.0.2.68  neighbor pc1 { LATER } }
`;

    test('peer-option-conflict (password) → remove it from the later line', async () => {
        const { actions, apply } = await fixesOf(PAIR.replace('LATER', 'password secret "pc-two"'), 'peer-option-conflict');
        expect(actions.map((a) => a.title)).toEqual(['Remove it here: the session takes the value of line 3']);
        const { text, codes } = await apply(actions[0]);
        expect(text).toContain('neighbor pc1 {  }');
        expect(codes).toEqual([]);
    });

    test('peer-option-conflict (hold) → remove the keyword and its value', async () => {
        const { actions, apply } = await fixesOf(PAIR.replace('LATER', 'bfd  hold 30s'), 'peer-option-conflict');
        const { text, codes } = await apply(actions[0]);
        expect(text).toContain('neighbor pc1 { bfd   }');
        expect(codes).toEqual([]);
    });

    test('ibgp-no-reflection → make the router a route reflector', async () => {
        const text = `topology refl
network lan 192.0.2.128/27
network pods 198.51.100.0/25 { role pod }
router rc { asn 64700  address 192.0.2.129 }
cluster c {
  pod-network pods
  cni calico { encapsulation none }
  calico-bgp { asn 64700  node-mesh off  peer rc  advertise pod-cidrs }
  node c1 control-plane { address 192.0.2.131 }
  node c2 control-plane { address 192.0.2.132 }
  node c3 control-plane { address 192.0.2.133 }
}
`;
        const { actions, apply } = await fixesOf(text, 'ibgp-no-reflection');
        expect(actions.map((a) => a.title)).toEqual(['Make rc route reflector']);
        const fixed = await apply(actions[0]);
        expect(fixed.text).toContain('router rc { asn 64700  address 192.0.2.129 route-reflector  }');
        expect(fixed.codes).toEqual([]);
    });

    test('option-unsupported on a router neighbor\'s remote-as → remove it', async () => {
        const text = `topology ra
network fabric 192.0.2.64/28
router n1 { asn 65160  address 192.0.2.65  neighbor n2 remote-as 65161 }
router n2 { asn 65161  address 192.0.2.66 }
`;
        const { actions, apply } = await fixesOf(text, 'option-unsupported');
        const fixed = await apply(actions[0]);
        expect(fixed.text).toContain('neighbor n2  }');
        expect(fixed.codes).toEqual([]);
    });
});

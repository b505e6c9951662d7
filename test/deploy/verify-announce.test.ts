/**
 * Verify of what is announced (LANGUAGE-V2 §7) against FRR 8.4's `show bgp ipv4 unicast json detail` shape
 * (fixtures/frr): the communities (standard, well-known by FRR's names, large) and local-pref each route carries,
 * checked against the advertisements that produce it; a pool nobody uses yet is "nothing to announce yet".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseRouteAttributes, type AttributeExpectation } from '../../src/deploy/verify-route-attributes.js';
import { evaluateAttributes } from '../../src/deploy/verify-check-announce.js';
import { evaluatePlan, planVerify } from '../../src/deploy/verify-plan.js';
import { validate } from '../support/bgptopo-test-services.js';
import { lowerTopology } from '../../src/model/index.js';
import type { Topology } from '../../src/language/generated/ast.js';

const DETAIL = readFileSync(join(import.meta.dirname, 'fixtures', 'frr', 'show_bgp_ipv4_unicast_json_detail.json'), 'utf8');
const SUMMARY = readFileSync(join(import.meta.dirname, 'fixtures', 'frr', 'show_bgp_summary.json'), 'utf8');

const perAddress: AttributeExpectation = {
    prefix: '203.0.113.0/24',
    exact: false,
    lengths: { min: 32, max: 32 },
    communities: ['64512:100', '65535:65282'],
    largeCommunities: ['4200000000:1:2'],
    localPref: 200,
    label: 'advertise pool lb-web (line 9)'
};

describe('route attributes from show bgp … json detail', () => {
    test('parses each path (not the per-prefix header) with its peer, communities as values, large communities and local-pref', () => {
        const routes = parseRouteAttributes(DETAIL);
        expect(routes).toEqual([
            { prefix: '203.0.113.10/32', peerId: '10.0.1.6', communities: ['64512:100', '65535:65282'], largeCommunities: ['4200000000:1:2'], localPref: 200 },
            { prefix: '203.0.113.11/32', peerId: '10.0.1.6', communities: [], largeCommunities: [], localPref: undefined }
        ]);
    });

    test('a route carrying every community and the local-pref of its advertisement passes; one without them fails, naming both', () => {
        const routes = parseRouteAttributes(DETAIL);
        expect(evaluateAttributes(routes.slice(0, 1), { source: '10.0.1.6', expectations: [perAddress] })).toEqual({
            status: 'pass',
            message: '1 route(s) carry their communities and local-pref'
        });
        const result = evaluateAttributes(routes, { source: '10.0.1.6', expectations: [perAddress] });
        expect(result.status).toBe('fail');
        expect(result.message).toBe(
            '203.0.113.11/32 lacks 64512:100, 65535:65282, 4200000000:1:2 of advertise pool lb-web (line 9); local-pref 200 (has none)'
        );
    });

    test('routes from another neighbor, and routes no advertisement produces, are not this check’s business', () => {
        const routes = parseRouteAttributes(DETAIL);
        expect(evaluateAttributes(routes, { source: '10.0.1.5', expectations: [perAddress] }).message).toBe('nothing to announce yet: no route from this speaker');
        const aggregateOnly = { ...perAddress, lengths: { min: 24, max: 24 } };
        expect(evaluateAttributes(routes, { source: '10.0.1.6', expectations: [aggregateOnly] }).status).toBe('pass');
    });
});

const SITE = `topology t
network lan 10.0.1.0/24
network lb-web 203.0.113.0/24 { role loadbalancer }
network lb-idle 198.51.100.0/24 { role loadbalancer }
router r1 { asn 64512  address 10.0.1.1 }
cluster k {
  metallb {
    asn 64512
    peers r1
    pool lb-web, lb-idle
    advertise pool lb-web { communities 64512:100, no-advertise, 4200000000:1:2  local-pref 200 },
              pool lb-idle
  }
  node cp1 control-plane { address 10.0.1.5 }
  node cp2 control-plane { address 10.0.1.6 }
  node cp3 control-plane { address 10.0.1.7 }
}
`;

describe('planned and evaluated from a topology', () => {
    test('iBGP sessions with communities get a bgp-attributes check on the advertise line; the idle pool is "nothing to announce yet"', async () => {
        const document = await validate(SITE);
        const model = lowerTopology(document.parseResult.value as Topology);
        const plan = planVerify(model, { kinds: ['bgp-prefixes', 'bgp-attributes'] });
        const attributes = plan.checks.filter((check) => check.kind === 'bgp-attributes');
        expect(attributes.map((check) => check.id)).toEqual(['bgp-attributes:k/metallb/cp1->r1', 'bgp-attributes:k/metallb/cp2->r1', 'bgp-attributes:k/metallb/cp3->r1']);
        expect(attributes[0].location.line).toBe(11);
        const answers = new Map([
            // The lab's speakers were eBGP (AS 65001); this topology's are iBGP, so that local-pref is checked.
            ['bgp-summary', SUMMARY.replace(/"remoteAs":65001/g, '"remoteAs":64512')],
            ['bgp-ipv4', readFileSync(join(import.meta.dirname, 'fixtures', 'frr', 'show_bgp_ipv4_unicast.json'), 'utf8').replace(/192\.0\.2\.20/g, '203.0.113.10')],
            ['bgp-ipv4-detail', DETAIL]
        ]);
        const report = evaluatePlan(plan, (host, probe) => (host === 'r1' && answers.has(probe) ? { output: { stdout: answers.get(probe)!, stderr: '', code: 0 } } : { missing: 'no answer' }));
        const byId = new Map(report.map((check) => [check.id, check]));
        // cp2 (10.0.1.6) sent 203.0.113.10/32 with its attributes and 203.0.113.11/32 without them.
        expect(byId.get('bgp-attributes:k/metallb/cp2->r1')).toMatchObject({ status: 'fail', line: 11 });
        expect(byId.get('bgp-attributes:k/metallb/cp2->r1')!.message).toMatch(/^203\.0\.113\.11\/32 lacks 64512:100, 65535:65282, 4200000000:1:2 of advertise pool lb-web \(line 11\); local-pref 200/);
        expect(byId.get('bgp-prefixes:k/metallb/cp1->r1')).toMatchObject({ status: 'pass' });
        expect(byId.get('bgp-prefixes:k/metallb/cp1->r1')!.message).toContain('nothing to announce yet from pool lb-idle (no Service uses its addresses yet)');
    });
});

/**
 * Diagnostics of `announce` / `accept` (LANGUAGE-V2 §4, §11): `announce-unsourced` on the announce item (exact range,
 * code in data, message naming why) with near misses; `network-role` for a pool that is not one; `family-no-session`
 * for an item or an accepted prefix the session's family cannot carry; `option-unsupported` for `announce` on a node
 * neighbor; and the quick fix that removes an unsourced item (the diagnostic goes, no other comes).
 */
import { validationHelper, type ValidationResult } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { Topology } from '../../../src/language/generated/ast.js';
import { bgptopo } from '../../support/bgptopo-test-services.js';
import { fixesOf } from '../lsp/code-action-support.js';
import { expectDiagnosticAt as expectAt } from './validation-test-support.js';

const validateText = validationHelper<Topology>(bgptopo);

const SITE = `topology t
network rack 192.0.2.0/26
network core 192.0.2.96/30
network far  192.0.2.112/28
network lb   203.0.113.0/25 { role loadbalancer }
network lb2  203.0.113.128/25 { role loadbalancer }
router tor { asn 65101  address 192.0.2.1  neighbor edge }
router edge {
  asn 65110
  address 192.0.2.2
  address 192.0.2.97
  upstream 192.0.2.98 remote-as 65000 { ITEMS }
}
cluster c {
  metallb { asn 64512  pool lb  peer tor }
  node cp1 control-plane { address 192.0.2.11 }
  node cp2 control-plane { address 192.0.2.12 }
  node cp3 control-plane { address 192.0.2.13 }
}
`;

const site = (items: string): string => SITE.replace('ITEMS', items);

function codes(result: ValidationResult<Topology>): string[] {
    return result.diagnostics.filter((d) => d.severity === 1 || d.severity === 2).map((d) => String(d.code));
}

describe('announce-unsourced: on the item', () => {
    test('a pool no speaker sends towards the router: the item, not the line', async () => {
        const result = await validateText(site('announce pool lb aggregate, pool lb2'));
        expectAt(result, 'announce-unsourced', 'error', { needle: 'lb2', line: 'announce pool lb aggregate' }, /edge would announce pool lb2 to upstream 192\.0\.2\.98.*no speaker block advertises pool lb2/);
        expect(codes(result)).toEqual(['announce-unsourced']);
        expect(result.diagnostics.find((d) => d.code === 'announce-unsourced')!.data).toMatchObject({ code: 'announce-unsourced', router: 'edge' });
    });

    test('near miss: the pool reaches the router through its router neighbor', async () => {
        expect(codes(await validateText(site('announce pool lb aggregate  accept default')))).toEqual([]);
    });

    test('without the router-to-router session the same pool is unsourced', async () => {
        const result = await validateText(site('announce pool lb').replace('neighbor edge }', '}'));
        expectAt(result, 'announce-unsourced', 'error', { needle: 'lb', line: 'announce pool lb' });
    });

    test('a network the router is not on, and `loopback` without one, on the item', async () => {
        const result = await validateText(site('announce network core, network far, loopback'));
        expectAt(result, 'announce-unsourced', 'error', { needle: 'far', line: 'announce network core' }, /no address on network far/);
        expectAt(result, 'announce-unsourced', 'error', { needle: 'loopback', line: 'announce network core' }, /has no `loopback`/);
        expect(codes(result)).toEqual(['announce-unsourced', 'announce-unsourced']);
    });

    test('on a router neighbor line too', async () => {
        const result = await validateText(SITE.replace('neighbor edge }', 'neighbor edge { announce network far } }').replace('{ ITEMS }', ''));
        expectAt(result, 'announce-unsourced', 'error', { needle: 'far', line: 'neighbor edge' }, /tor would announce network far to router edge/);
    });
});

describe('the other diagnostics of announce / accept', () => {
    test('network-role: `announce pool` naming a network that is not a pool', async () => {
        const result = await validateText(site('announce pool core'));
        expectAt(result, 'network-role', 'error', { needle: 'core', line: 'announce pool core' }, /Use `announce network core`/);
    });

    test('family-no-session: an accepted IPv6 prefix on an IPv4 upstream, on that prefix', async () => {
        const result = await validateText(site('accept 10.0.0.0/8, 2001:db8::/32'));
        expectAt(result, 'family-no-session', 'error', { needle: '2001:db8::/32' }, /runs in IPv4 only/);
        expect(codes(result)).toEqual(['family-no-session']);
    });

    test('a malformed accepted prefix is a syntax error on it; host bits are cidr-host-bits', async () => {
        const result = await validateText(site('accept 10.0.0.1/8'));
        expectAt(result, 'cidr-host-bits', 'error', { needle: '10.0.0.1/8' });
    });

    test('option-unsupported: `announce` on a v1 node neighbor', async () => {
        const result = await validateText(SITE.replace('neighbor edge }', 'neighbor cp1 remote-as 64512 { announce loopback } }').replace('{ ITEMS }', ''));
        expectAt(result, 'option-unsupported', 'error', { needle: 'loopback', line: 'neighbor cp1' }, /takes no session options/);
    });
});

describe('quick fix: remove the unsourced item', () => {
    test('the last of several items, with its comma', async () => {
        const { actions, apply } = await fixesOf(site('announce pool lb aggregate, pool lb2'), 'announce-unsourced');
        const { text, codes: after } = await apply(actions[0]);
        expect(text).toContain('{ announce pool lb aggregate }');
        expect(after).toEqual([]);
    });

    test('the first of several items', async () => {
        const { actions, apply } = await fixesOf(site('announce pool lb2, pool lb'), 'announce-unsourced');
        const { text, codes: after } = await apply(actions[0]);
        expect(text).toContain('{ announce pool lb }');
        expect(after).toEqual([]);
    });

    test('the only item: the whole `announce` goes', async () => {
        const { actions, apply } = await fixesOf(site('announce pool lb2  accept default'), 'announce-unsourced');
        const { text, codes: after } = await apply(actions[0]);
        expect(text).toContain('{   accept default }');
        expect(after).toEqual([]);
    });
});

/**
 * Diagnostics of `announce` / `accept` (LANGUAGE-V2 §4, §11): `announce-unsourced` on the announce item (exact range,
 * code in data, message naming why) with near misses; `network-role` for a pool that is not one; `family-no-session`
 * for an item or an accepted prefix the session's family cannot carry; `option-duplicate` for a second `accept`;
 * `option-unsupported` for `announce` on a node neighbor; and the quick fix that removes an unsourced item (the diagnostic goes, no other comes).
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

    test('a pool sent only with no-export: never to an eBGP upstream, and it crosses no eBGP router session', async () => {
        const noExport = (text: string) => text.replace('metallb { asn 64512  pool lb  peer tor }', 'metallb { asn 64512  pool lb  peer tor  advertise pool lb { communities no-export } }');
        const result = await validateText(noExport(site('announce pool lb aggregate')));
        expectAt(result, 'announce-unsourced', 'error', { needle: 'lb', line: 'announce pool lb aggregate' }, /pool lb reaches router edge only with `no-export`, which crosses no eBGP session/);
        // At tor itself: its own aggregate of the pool may go to an eBGP upstream, the no-export routes themselves not.
        const atTor = noExport(SITE.replace('{ ITEMS }', '').replace('router tor { asn 65101  address 192.0.2.1  neighbor edge }', 'router tor { asn 65101  address 192.0.2.1  neighbor edge\n  upstream 192.0.2.3 remote-as 65000 { announce pool lb aggregate, pool lb } }'));
        const tor = await validateText(atTor);
        expectAt(tor, 'announce-unsourced', 'error', { needle: 'lb', line: 'upstream 192.0.2.3', nth: 1 }, /pool lb reaches router tor only with `no-export`, which is never sent to an eBGP peer/);
        expect(codes(tor)).toEqual(['announce-unsourced']);
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

    test('option-duplicate: a second `accept` (only the last would count), on the later one', async () => {
        const result = await validateText(site('accept default  accept nothing'));
        expectAt(result, 'option-duplicate', 'error', { needle: 'accept nothing' }, /`accept` is already set on line/);
        expect(codes(result)).toEqual(['option-duplicate']);
    });

    test('option-unsupported: `announce` on a v1 node neighbor', async () => {
        const result = await validateText(SITE.replace('neighbor edge }', 'neighbor cp1 remote-as 64512 { announce loopback } }').replace('{ ITEMS }', ''));
        expectAt(result, 'option-unsupported', 'error', { needle: 'loopback', line: 'neighbor cp1' }, /takes no session options/);
    });
});

describe('quick fix: remove the unsourced item', () => {
    test.each([
        ['the last of several items, with its comma', 'announce pool lb aggregate, pool lb2', '{ announce pool lb aggregate }'],
        ['the first of several items', 'announce pool lb2, pool lb', '{ announce pool lb }'],
        ['the only item: the whole `announce` goes', 'announce pool lb2  accept default', '{   accept default }']
    ])('%s', async (_name, items, expected) => {
        const { actions, apply } = await fixesOf(site(items), 'announce-unsourced');
        const { text, codes: after } = await apply(actions[0]);
        expect(text).toContain(expected);
        expect(after).toEqual([]);
    });

    test('a misspelt name in an item: the linking quick fix offers the near miss', async () => {
        const { actions, apply } = await fixesOf(site('announce pool lbb aggregate'), 'unresolved-reference');
        const fix = actions.find((action) => /\blb\b/.test(action.title));
        expect(fix, actions.map((action) => action.title).join(' | ')).toBeDefined();
        const { text, codes: after } = await apply(fix!);
        expect(text).toContain('{ announce pool lb aggregate }');
        expect(after).toEqual([]);
    });
});

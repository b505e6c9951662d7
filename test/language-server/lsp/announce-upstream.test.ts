/**
 * The editor on `upstream … { announce … accept … }` and `neighbor ROUTER { announce … }` (LANGUAGE-V2 §4): hover on
 * an announce item (the prefixes it stands for, `aggregate-address` when aggregated), completion of the announce and
 * accept keywords and of the names an item takes, and the formatter on the new syntax.
 */
import { expectCompletion, expectFormatting, expectHover } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { bgptopo } from '../../support/bgptopo-test-services.js';

const hover = expectHover(bgptopo);
const complete = expectCompletion(bgptopo);
const format = expectFormatting(bgptopo);

const SITE = `topology edge-site
network rack 192.0.2.0/26
network core 192.0.2.96/30
network lb 203.0.113.0/25 { role loadbalancer }
network lb6 2001:db8:cafe::/120 { role loadbalancer }
router tor { asn 65101  address 192.0.2.1  loopback 192.0.2.250  neighbor edge { announce loopback, network rack } }
router edge {
  asn 65110
  address 192.0.2.2
  address 192.0.2.97
  loopback 192.0.2.251
  upstream 192.0.2.98 remote-as 65000 {
    announce pool lb aggregate, network core, loopback
    accept default
  }
}
cluster c {
  metallb { asn 64512  pool lb  peer tor }
  node cp1 control-plane { address 192.0.2.11 }
}
`;

async function itemsAt(text: string, keywords = false): Promise<CompletionItem[]> {
    let items: CompletionItem[] = [];
    await complete({ text, index: 0, assert: (list) => (items = list.items), disposeAfterCheck: true });
    return items.filter((item) => (item.kind === CompletionItemKind.Keyword) === keywords);
}

describe('hover on announce items', () => {
    test('an aggregated pool: its prefix once, by aggregate-address (no summary-only)', async () => {
        const text = SITE.replace('announce pool lb aggregate', 'announce <|>pool lb aggregate');
        await hover({ text, index: 0, hover: /\*\*announce pool lb aggregate\*\* — router edge to upstream 192\.0\.2\.98\n\n- `203\.0\.113\.0\/25` — `aggregate-address …`: the pool once, originated here; the exact export list keeps its more-specifics from an upstream/ });
    });

    test('`aggregate` itself shows the same', async () => {
        await hover({ text: SITE.replace('lb aggregate', 'lb <|>aggregate'), index: 0, hover: /`203\.0\.113\.0\/25` — `aggregate-address …`/ });
    });

    test('a connected network and the loopback: exact prefixes from a `network` statement', async () => {
        await hover({ text: SITE.replace('aggregate, network core', 'aggregate, <|>network core'), index: 0, hover: /- `192\.0\.2\.96\/30` — a route of edge's own interfaces \(FRR `network` statement\)/ });
        await hover({ text: SITE.replace('network core, loopback', 'network core, <|>loopback'), index: 0, hover: /- `192\.0\.2\.251\/32` — a route of edge's own/ });
    });

    test('a pool without aggregate: as learned, it or anything more specific; a VIP exactly', async () => {
        const text = SITE.replace('announce pool lb aggregate, network core, loopback', 'announce <|>pool lb, vip api')
            .replace('router edge {', 'vip api 192.0.2.40 { kube-vip bgp  holders control-plane of c }\nrouter edge {')
            .replace('metallb { asn 64512  pool lb  peer tor }', 'metallb { asn 64512  pool lb  peer tor }\n  kube-vip { asn 64513  vip api  peer tor  source address 2 }')
            .replace('node cp1 control-plane { address 192.0.2.11 }', 'node cp1 control-plane { address 192.0.2.11  address 192.0.2.21 }');
        await hover({ text, index: 0, hover: /- `203\.0\.113\.0\/25 le 32` — as learned from the speakers \(it or anything more specific\)/ });
        await hover({ text: text.replace('<|>pool lb, vip api', 'pool lb, <|>vip api'), index: 0, hover: /- `192\.0\.2\.40\/32` — as learned from the speakers$/ });
    });

    test('on a router neighbor line it names the neighbor', async () => {
        await hover({ text: SITE.replace('{ announce loopback, network rack }', '{ announce <|>loopback, network rack }'), index: 0, hover: /\*\*announce loopback\*\* — router tor to router edge\n\n- `192\.0\.2\.250\/32`/ });
    });

    test('the upstream line shows what it accepts and sends', async () => {
        await hover({ text: SITE.replace('  upstream 192.0.2.98', '  <|>upstream 192.0.2.98'), index: 0, hover: /\| 0\.0\.0\.0\/0 \|\n\nSends \(exactly\): `203\.0\.113\.0\/25`, `192\.0\.2\.96\/30`, `192\.0\.2\.251\/32`/ });
    });
});

describe('completion of announce and accept', () => {
    test('inside an upstream block: announce and accept are offered; accept no longer once set', async () => {
        const open = (await itemsAt(SITE.replace('    accept default\n', '    <|>\n'), true)).map((item) => item.label);
        expect(open).toEqual(expect.arrayContaining(['announce', 'accept']));
        const set = (await itemsAt(SITE.replace('    accept default\n', '    accept default\n    <|>\n'), true)).map((item) => item.label);
        expect(set).toContain('announce');
        expect(set).not.toContain('accept');
    });

    test('after `announce`: the item kinds', async () => {
        const labels = (await itemsAt(SITE.replace('announce pool lb aggregate, network core, loopback', 'announce <|>'), true)).map((item) => item.label);
        expect(labels).toEqual(expect.arrayContaining(['pool', 'vip', 'pod-network', 'network', 'loopback']));
    });

    test('after `accept`: nothing and default', async () => {
        const labels = (await itemsAt(SITE.replace('accept default', 'accept <|>'), true)).map((item) => item.label);
        expect(labels).toEqual(expect.arrayContaining(['nothing', 'default']));
    });

    test('`announce pool` prefers loadbalancer pools; `announce network` the networks the router is on', async () => {
        const pools = await itemsAt(SITE.replace('announce pool lb aggregate', 'announce pool <|>'));
        const first = (items: CompletionItem[]) => items.filter((item) => item.sortText === '00').map((item) => item.label).sort();
        expect(first(pools)).toEqual(['lb', 'lb6']);
        const networks = await itemsAt(SITE.replace('aggregate, network core', 'aggregate, network <|>'));
        expect(first(networks)).toEqual(['core', 'rack']);
    });
});

describe('formatting announce and accept', () => {
    test('blanks normalised, items kept on their lines', async () => {
        await format({
            before: 'topology f\nrouter r {\n  asn 65001\n  upstream 192.0.2.98 remote-as 65000 {\n      announce   loopback ,network   core\n   accept    10.0.0.0/8 ,  0.0.0.0/0\n  }\n}\n',
            // The test harness formats with a tab size of 4.
            after: 'topology f\nrouter r {\n    asn 65001\n    upstream 192.0.2.98 remote-as 65000 {\n        announce loopback, network core\n        accept 10.0.0.0/8, 0.0.0.0/0\n    }\n}\n'
        });
    });
});

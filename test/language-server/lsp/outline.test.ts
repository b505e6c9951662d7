import { expectSymbols, parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import { bgptopo } from '../../support/bgptopo-test-services.js';
import { SITE } from './lsp-fixtures.js';

const symbols = expectSymbols(bgptopo);
const parse = parseHelper(bgptopo);

describe('document symbols', () => {
    test('the topology holds every declaration with its kind and detail', async () => {
        let result: DocumentSymbol[] = [];
        await symbols({ text: `${SITE}wireguard wg0 {\n  network fabric\n  members all\n}\nmonitoring {\n  alerts bgp, vip\n}\n`, assert: (found) => (result = found), disposeAfterCheck: true });
        expect(result).toHaveLength(1);
        const [topology] = result;
        expect(topology).toMatchObject({ name: 'site', kind: SymbolKind.File });
        const children = topology.children ?? [];
        expect(children.map((child) => child.name)).toEqual([
            'fabric', 'pool1', 'pods', 'services', 'tor1', 'tor2', 'lb1', 'api', 'kv', 'prod', 'other', 'wg0', 'monitoring'
        ]);
        const byName = (name: string) => children.find((child) => child.name === name)!;
        expect(byName('fabric')).toMatchObject({ kind: SymbolKind.Namespace, detail: '10.0.0.0/16 · underlay' });
        expect(byName('tor1')).toMatchObject({ kind: SymbolKind.Class, detail: 'AS 65000 · 10.0.0.1' });
        expect(byName('lb1')).toMatchObject({ kind: SymbolKind.Struct, detail: 'load balancer · 10.0.0.11' });
        expect(byName('kv')).toMatchObject({ kind: SymbolKind.Constant, detail: '10.0.0.101 · keepalived VRID 1' });
        expect(byName('wg0')).toMatchObject({ kind: SymbolKind.Interface, detail: 'fabric · port 51820' });
        expect(byName('monitoring')).toMatchObject({ kind: SymbolKind.Event, detail: 'bgp, vip' });
        const prod = byName('prod');
        expect(prod.kind).toBe(SymbolKind.Package);
        expect(prod.children?.map((child) => [child.name, child.kind, child.detail])).toEqual([
            ['metallb', SymbolKind.Event, 'AS 65001 → tor1'],
            ['cp1', SymbolKind.Object, 'control-plane of prod · 10.0.1.5'],
            ['w1', SymbolKind.Object, 'worker of prod · 10.0.1.6']
        ]);
        // The selection range is the name; the range covers the whole declaration.
        const tor1 = byName('tor1');
        expect(tor1.selectionRange.start.character).toBe('router '.length);
        expect(tor1.range.end.character).toBe('router tor1 { asn 65000  address 10.0.0.1 }'.length);
    });
});

async function foldings(text: string): Promise<FoldingRange[]> {
    const document = await parse(text);
    const ranges = await bgptopo.lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.uri.toString() } });
    return ranges;
}

describe('folding', () => {
    test('every multi-line block folds up to the line before its closing brace', async () => {
        const ranges = await foldings(SITE);
        const lines = SITE.split('\n');
        const blockStarts = ranges.filter((range) => range.kind === undefined).map((range) => lines[range.startLine].trim());
        expect(blockStarts).toEqual(['vip api 10.0.0.100 {', 'vip kv 10.0.0.101 {', 'cluster prod {', 'metallb {', 'cluster other {']);
        for (const range of ranges) {
            expect(lines[range.endLine + 1].trim()).toBe('}');
        }
    });

    test('one-line blocks do not fold', async () => {
        expect(await foldings('topology t\nrouter r { asn 65000 }\nnetwork n 10.0.0.0/8 { role pod }\n')).toEqual([]);
    });

    test('block comments and runs of line comments fold as comments', async () => {
        const text = '# header one\n# header two\ntopology t\n/* a\n   b */\n# single\nrouter r {\n  asn 65000 # trailing\n  # inside\n}\n';
        const ranges = await foldings(text);
        expect(ranges.map((range) => [range.startLine, range.endLine, range.kind])).toEqual([
            [0, 1, 'comment'],
            [3, 4, 'comment'],
            [6, 8, undefined]
        ]);
    });
});

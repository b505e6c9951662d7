import { expectCompletion } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { bgptopo } from '../../support/bgptopo-test-services.js';
import { SITE } from './lsp-fixtures.js';

const complete = expectCompletion(bgptopo);

/** The completion items at the `<|>` marker that `marked` puts into SITE. */
async function itemsAt(marked: string): Promise<CompletionItem[]> {
    let items: CompletionItem[] = [];
    await complete({
        text: marked,
        index: 0,
        assert: (list) => {
            items = list.items;
        },
        disposeAfterCheck: true
    });
    return items;
}

function labels(items: CompletionItem[]): string[] {
    return items.map((item) => item.label).sort();
}

/** Names only: the grammar's keywords at the same position (`control-plane of`, `all`) are left out. */
function names(items: CompletionItem[]): string[] {
    return labels(items.filter((item) => item.kind !== CompletionItemKind.Keyword));
}

describe('reference completion', () => {
    test('peers offers routers only', async () => {
        const items = await itemsAt(SITE.replace('peers tor1', 'peers <|>tor1'));
        expect(labels(items)).toEqual(['tor1', 'tor2']);
        const tor1 = items.find((item) => item.label === 'tor1')!;
        expect(tor1.kind).toBe(CompletionItemKind.Class);
        expect(tor1.detail).toContain('AS 65000');
        expect(tor1.detail).toContain('10.0.0.1');
    });

    test('keepalived holders offer every host not listed yet', async () => {
        const items = await itemsAt(SITE.replace('holders tor1 priority 100', 'holders <|>tor1 priority 100'));
        expect(names(items)).toEqual(['cp1', 'tor1', 'tor2', 'w1', 'x1']);
        expect(items.find((item) => item.label === 'cp1')?.kind).toBe(CompletionItemKind.Variable);
        expect(items.find((item) => item.label === 'cp1')?.detail).toContain('control-plane of prod');
    });

    test('kube-vip holders offer control-plane nodes only', async () => {
        const items = await itemsAt(SITE.replace('holders cp1', 'holders <|>cp1'));
        expect(names(items)).toEqual(['cp1', 'x1']);
    });

    test('pool offers networks, loadbalancer networks first', async () => {
        const items = await itemsAt(SITE.replace('pool pool1', 'pool <|>pool1'));
        expect(labels(items)).toEqual(['fabric', 'pods', 'pool1', 'services']);
        const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
        expect(sorted[0].label).toBe('pool1');
        expect(sorted[0].detail).toContain('192.168.200.0/24');
        expect(sorted[0].kind).toBe(CompletionItemKind.Module);
    });

    test('pod-network prefers pod networks and service-network service networks', async () => {
        const pod = await itemsAt(SITE.replace('pod-network pods', 'pod-network <|>pods'));
        expect(pod.filter((item) => item.sortText === '00').map((item) => item.label)).toEqual(['pods']);
        const service = await itemsAt(SITE.replace('service-network services', 'service-network <|>services'));
        expect(service.filter((item) => item.sortText === '00').map((item) => item.label)).toEqual(['services']);
    });

    test('speakers offers nodes of the same cluster only', async () => {
        const items = await itemsAt(SITE.replace('speakers cp1', 'speakers <|>cp1'));
        expect(names(items)).toEqual(['cp1', 'w1']);
        expect(labels(items)).toEqual(expect.arrayContaining(['all', 'workers', 'control-plane']));
    });

    test('of offers clusters', async () => {
        const text = SITE.replace('holders cp1', 'holders control-plane of <|>prod');
        const items = await itemsAt(text);
        expect(labels(items)).toEqual(['other', 'prod']);
        expect(items[0].kind).toBe(CompletionItemKind.Folder);
    });
});

describe('keyword completion', () => {
    test('a router block does not offer an option it already has', async () => {
        const items = await itemsAt(SITE.replace('router tor2 { asn 65000  address', 'router tor2 { asn 65000  <|>address'));
        const words = labels(items);
        expect(words).toEqual(expect.arrayContaining(['address', 'neighbor', 'router-id', 'bfd', 'maximum-paths', 'ssh']));
        expect(words).not.toContain('asn');
        expect(words).not.toContain('vrid');
    });

    test('a kube-vip VIP is not offered keepalived options', async () => {
        const items = await itemsAt(SITE.replace('  interface eth0\n', '  <|>interface eth0\n'));
        const words = labels(items);
        expect(words).toContain('health-check');
        expect(words).not.toContain('vrid');
        expect(words).not.toContain('advert');
        expect(words).not.toContain('frontend');
        expect(words).not.toContain('holders');
    });

    test('top-level keywords after a declaration', async () => {
        const items = await itemsAt(`${SITE}\n<|>`);
        expect(labels(items)).toEqual(['cluster', 'defaults', 'loadbalancer', 'monitoring', 'network', 'router', 'vip', 'wireguard']);
    });
});

describe('label completion (LANGUAGE-V2 §1)', () => {
    const text = (body: string, node = '') => `topology t
network lan 10.0.0.0/24
network lb 203.0.113.0/26 { role loadbalancer }
router tor1 { asn 65000  address 10.0.0.1 }
router tor2 { asn 65001  address 10.0.0.2 }
cluster c {
  metallb {
    asn 64512
    pool lb
${body}
  }
  node cp1 control-plane { address 10.0.0.11  labels rack=a, "topology.kubernetes.io/zone"=z1 }
  node cp2 control-plane { address 10.0.0.12  labels rack=b }
  node cp3 control-plane { address 10.0.0.13  labels rack=b${node} }
}
`;
    const ofKind = (items: CompletionItem[], kind: CompletionItemKind): string[] => labels(items.filter((item) => item.kind === kind));

    test('a selector offers the label keys in use, quoted where they are not a plain word', async () => {
        const items = await itemsAt(text('    peer tor1 { speakers <|> }'));
        expect(ofKind(items, CompletionItemKind.Property)).toEqual(['"topology.kubernetes.io/zone"', 'rack']);
        expect(items.find((item) => item.label === 'rack')?.detail).toContain('on 3 nodes');
        const afterOr = await itemsAt(text('    peer tor1 { speakers rack=a or <|> }'));
        expect(ofKind(afterOr, CompletionItemKind.Property)).toEqual(['"topology.kubernetes.io/zone"', 'rack']);
    });

    test('after KEY= and KEY!= the values of that key', async () => {
        const items = await itemsAt(text('    peer tor1 { speakers rack=<|> }'));
        expect(ofKind(items, CompletionItemKind.Value)).toEqual(['a', 'b']);
        const negated = await itemsAt(text('    peer tor1 { speakers "topology.kubernetes.io/zone"!=<|> }'));
        expect(ofKind(negated, CompletionItemKind.Value)).toEqual(['z1']);
    });

    test('a node `labels` list offers keys too; elsewhere no label items', async () => {
        const items = await itemsAt(text('    peer tor1', ', <|>'));
        expect(ofKind(items, CompletionItemKind.Property)).toEqual(['"topology.kubernetes.io/zone"', 'rack']);
        const elsewhere = await itemsAt(text('    peer <|>tor1'));
        expect(ofKind(elsewhere, CompletionItemKind.Property)).toEqual([]);
        expect(names(elsewhere)).toEqual(['tor1', 'tor2']);
    });

    test('`peer` offers routers not listed yet', async () => {
        const items = await itemsAt(text('    peer tor1, <|>'));
        expect(names(items)).toEqual(['tor2']);
    });
});

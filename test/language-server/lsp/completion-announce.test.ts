/** Completion inside what is announced (LANGUAGE-V2 §7, §9): `to` offers routers, the block's first; pools prefer loadbalancer networks. */
import { expectCompletion } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { bgptopo } from '../../support/bgptopo-test-services.js';

const complete = expectCompletion(bgptopo);

async function itemsAt(text: string): Promise<CompletionItem[]> {
    let items: CompletionItem[] = [];
    await complete({ text, index: 0, assert: (list) => (items = list.items), disposeAfterCheck: true });
    return items.filter((item) => item.kind !== CompletionItemKind.Keyword);
}

const SITE = `topology t
network lan 192.0.2.0/24
network lb 203.0.113.0/24 { role loadbalancer }
router tor1 { asn 65101  address 192.0.2.1 }
router tor2 { asn 65102  address 192.0.2.2 }
router far  { asn 65103  address 192.0.2.3 }
cluster c {
  metallb {
    asn 64512
    peer tor1, tor2
    pool lb
    advertise pool lb { to TO }
  }
  kube-vip { asn 64513  peer far  services pool SVC }
  node cp1 control-plane { address 192.0.2.11 }
}
`;

describe('completion of what is announced', () => {
    test('`to` offers routers only, the block’s own routers first, without the ones already listed', async () => {
        const items = await itemsAt(SITE.replace('{ to TO }', '{ to tor1, <|> }').replace(' SVC', ' lb'));
        expect(items.map((item) => item.label).sort()).toEqual(['far', 'tor2']);
        const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
        expect(sorted[0]!.label).toBe('tor2');
    });

    test('`services pool` prefers loadbalancer networks', async () => {
        const items = await itemsAt(SITE.replace('{ to TO }', '').replace(' SVC', ' <|>'));
        const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
        expect(sorted[0]!.label).toBe('lb');
        expect(items.map((item) => item.label)).toContain('lan');
    });
});

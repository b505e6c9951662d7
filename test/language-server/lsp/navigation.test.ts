import { parseHelper, expectFindReferences, expectGoToDefinition } from 'langium/test';
import type { LangiumDocument } from 'langium';
import { describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bgptopo } from '../../support/bgptopo-test-services.js';

const goToDefinition = expectGoToDefinition(bgptopo);
const findReferences = expectFindReferences(bgptopo);
const parse = parseHelper(bgptopo);

/** A node referenced from a neighbor line, a holders list and a speakers list. */
const PEERING = `topology t
network fabric 10.0.0.0/16
router tor { asn 65000  address 10.0.0.1
  neighbor <|cp1|> remote-as 65001
}
vip api 10.0.0.100 { kube-vip arp  holders <|cp1|>  interface eth0 }
cluster prod {
  kube-vip { asn 65001  peers tor  speakers <|cp1|>  services pool lbs }
  node <|cp1|> control-plane { address 10.0.1.5 }
}
network lbs 10.1.0.0/24 { role loadbalancer }
`;

const PLAIN = PEERING.replace(/<\|/g, '').replace(/\|>/g, '');

describe('go to definition', () => {
    test('from a neighbor line to the node inside its cluster', async () => {
        const text = PLAIN.replace('neighbor cp1', 'neighbor <|>cp1').replace('node cp1', 'node <|cp1|>');
        await goToDefinition({ text, index: 0, rangeIndex: 0, disposeAfterCheck: true });
    });

    test('from a holders entry and a peers entry', async () => {
        const text = `topology t
router <|tor|> { asn 65000  address 10.0.0.1 }
vip v 10.0.0.5 { keepalived vrid 1  holders <|>tor priority 100 }
cluster c { metallb { asn 65001  peers t<|>or } }
`;
        await goToDefinition({ text, index: 0, rangeIndex: 0, disposeAfterCheck: true });
        await goToDefinition({ text, index: 1, rangeIndex: 0, disposeAfterCheck: true });
    });
});

describe('find references', () => {
    test('a node is found in the neighbor line, the holders and the speakers', async () => {
        await findReferences({ text: PEERING.replace('node <|cp1|>', 'node <|<|>cp1|>'), includeDeclaration: true, disposeAfterCheck: true });
    });

    test('without the declaration', async () => {
        await findReferences({ text: PEERING.replace('node <|cp1|>', 'node <|>cp1'), includeDeclaration: false, disposeAfterCheck: true });
    });
});

async function renameAt(text: string, marker: string, newName: string): Promise<{ document: LangiumDocument; result: Promise<string> }> {
    const offset = text.indexOf(marker);
    const clean = text.replace(marker, '');
    const document = await parse(clean);
    const result = (async () => {
        const edit = await bgptopo.lsp.RenameProvider!.rename(document, {
            textDocument: { uri: document.uri.toString() },
            position: document.textDocument.positionAt(offset),
            newName
        });
        return TextDocument.applyEdits(document.textDocument, edit?.changes?.[document.uri.toString()] ?? []);
    })();
    return { document, result };
}

describe('rename', () => {
    test('renames the declaration and every reference, from a reference', async () => {
        const { result } = await renameAt(PLAIN.replace('holders cp1', 'holders <>cp1'), '<>', 'control-1');
        const renamed = await result;
        expect(renamed.match(/control-1/g)).toHaveLength(4);
        expect(renamed).not.toMatch(/\bcp1\b/);
        const after = await parse(renamed, { validation: true });
        expect(after.diagnostics?.filter((d) => d.severity === 1)).toEqual([]);
    });

    test('renames a network from its declaration', async () => {
        const text = 'topology t\nnetwork <>lan 10.0.0.0/16\nrouter r { asn 65000  address 10.0.0.1 on lan }\n';
        const { result } = await renameAt(text, '<>', 'underlay-a');
        expect(await result).toBe('topology t\nnetwork underlay-a 10.0.0.0/16\nrouter r { asn 65000  address 10.0.0.1 on underlay-a }\n');
    });

    test('a role word is a valid new name', async () => {
        const text = 'topology t\nnetwork <>lan 10.99.0.0/24 { role vpn }\n';
        expect(await (await renameAt(text, '<>', 'vpn')).result).toContain('network vpn 10.99.0.0/24');
    });

    test('refuses a name another declaration has', async () => {
        const { result } = await renameAt(PLAIN.replace('node cp1', 'node <>cp1'), '<>', 'tor');
        await expect(result).rejects.toThrow(/'tor' is already the name of router on line 3/);
    });

    test('refuses a name that is not a Name, or a keyword', async () => {
        await expect((await renameAt(PLAIN.replace('node cp1', 'node <>cp1'), '<>', '1st')).result).rejects.toThrow(/not a valid name/);
        await expect((await renameAt(PLAIN.replace('node cp1', 'node <>cp1'), '<>', 'cp 1')).result).rejects.toThrow(/not a valid name/);
        await expect((await renameAt(PLAIN.replace('node cp1', 'node <>cp1'), '<>', 'router')).result).rejects.toThrow(/keyword/);
    });

    test('refuses a name the validator would refuse for that declaration (name-invalid)', async () => {
        await expect((await renameAt(PLAIN.replace('node cp1', 'node <>cp1'), '<>', 'Cp_1')).result).rejects.toThrow(/Kubernetes node name/);
        await expect((await renameAt(PLAIN.replace('node cp1', 'node <>cp1'), '<>', 'x'.repeat(64))).result).rejects.toThrow(/64 characters is too long/);
    });

    test('prepareRename accepts a name and a reference, not a keyword', async () => {
        const document = await parse(PLAIN);
        const at = (needle: string, delta = 0) => document.textDocument.positionAt(PLAIN.indexOf(needle) + delta);
        const prepare = (position: ReturnType<typeof at>) =>
            bgptopo.lsp.RenameProvider!.prepareRename(document, { textDocument: { uri: document.uri.toString() }, position });
        expect(await prepare(at('cp1 remote-as', 1))).toBeDefined();
        expect(await prepare(at('node cp1', 6))).toBeDefined();
        expect(await prepare(at('remote-as', 2))).toBeUndefined();
    });
});

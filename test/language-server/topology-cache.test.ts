/**
 * The topology model belongs to one linking of its document: a model lowered early (an LSP request before
 * the document was linked, when references do not resolve yet) must not outlive that moment, or the
 * validators would report on a model without its references (e.g. a VIP "with no holder").
 */
import { EmptyFileSystem, URI } from 'langium';
import { describe, expect, test } from 'vitest';
import { createBgptopoServices } from '../../src/language-server/bgptopo-module.js';
import type { Topology } from '../../src/language/generated/ast.js';
import { codeOf } from '../support/bgptopo-test-services.js';

const TEXT = `topology t
defaults { interface eth0 }
network lan 10.0.0.0/24
router r1 { asn 65000  address 10.0.0.1 }
router r2 { asn 65000  address 10.0.0.2 }
vip gw 10.0.0.250 {
  keepalived vrid 7
  holders r1 priority 150, r2 priority 100
}
`;

describe('topology model cache', () => {
    test('a model lowered before linking is replaced once the document is linked', async () => {
        const { shared, Bgptopo } = createBgptopoServices(EmptyFileSystem);
        const document = shared.workspace.LangiumDocumentFactory.fromString<Topology>(TEXT, URI.parse('file:///cache/early.bgptopo'));
        shared.workspace.LangiumDocuments.addDocument(document);
        // Parsed, not linked: the holders do not resolve yet.
        const early = Bgptopo.topology.TopologyCache.get(document.parseResult.value);
        expect(early.vips[0].holders).toEqual([]);

        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        const linked = Bgptopo.topology.TopologyCache.get(document.parseResult.value);
        expect(linked.vips[0].holders.map((holder) => holder.host.name)).toEqual(['r1', 'r2']);
        expect((document.diagnostics ?? []).map(codeOf)).not.toContain('vip-single-holder');
    });

    test('the same linked document gives the same model object (computed once)', async () => {
        const { shared, Bgptopo } = createBgptopoServices(EmptyFileSystem);
        const document = shared.workspace.LangiumDocumentFactory.fromString<Topology>(TEXT, URI.parse('file:///cache/once.bgptopo'));
        shared.workspace.LangiumDocuments.addDocument(document);
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        const root = document.parseResult.value;
        expect(Bgptopo.topology.TopologyCache.get(root)).toBe(Bgptopo.topology.TopologyCache.get(root));
    });
});

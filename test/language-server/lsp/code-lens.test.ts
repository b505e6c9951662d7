/** The server's "Preview …" lenses: one above each host declaration, naming the file a preview opens first. */
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { bgptopo } from '../../support/bgptopo-test-services.js';
import { SITE } from './lsp-fixtures.js';

const parse = parseHelper(bgptopo);

async function lenses(text: string) {
    const document = await parse(text, { validation: true });
    const provider = bgptopo.lsp.CodeLensProvider!;
    return { document, found: (await provider.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } })) ?? [] };
}

describe('preview code lenses', () => {
    test('one per router, load balancer and node, on its declaration line, running bgptopo.preview for it', async () => {
        const { document, found } = await lenses(SITE);
        const lines = SITE.split('\n');
        const summary = found.map((lens) => [lines[lens.range.start.line].trim().split(/\s+/).slice(0, 2).join(' '), lens.command?.title]);
        expect(summary).toEqual([
            ['router tor1', '$(eye) Preview frr.conf'],
            ['router tor2', '$(eye) Preview frr.conf'],
            ['loadbalancer lb1', '$(eye) Preview keepalived.conf'],
            ['node cp1', '$(eye) Preview kube-vip.yaml'],
            ['node w1', '$(eye) Preview rendered config'],
            ['node x1', '$(eye) Preview rendered config']
        ]);
        for (const lens of found) {
            expect(lens.command?.command).toBe('bgptopo.preview');
            const [argument] = lens.command?.arguments ?? [];
            expect(argument.topology).toBe(document.uri.toString());
            expect(lines[lens.range.start.line]).toContain(` ${argument.host} `);
        }
    });

    test('a file that does not parse gets lenses only for what it declares, and no crash', async () => {
        const { found } = await lenses('topology t\nrouter r1 { asn 65000  address 10.0.0.1 }\nrouter {{{\n');
        expect(found.map((lens) => lens.command?.arguments?.[0].host)).toEqual(['r1']);
    });
});

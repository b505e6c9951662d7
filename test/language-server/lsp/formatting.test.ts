import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectFormatting, parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bgptopo, codeOf } from '../../support/bgptopo-test-services.js';

const expectFormatted = expectFormatting(bgptopo);
const CANONICAL = { tabSize: 2, insertSpaces: true };
const formatting = (input: { before: string; after: string }) => expectFormatted({ ...input, options: CANONICAL });
const parse = parseHelper(bgptopo);
const EXAMPLES = join(import.meta.dirname, '../../../examples');

async function format(text: string, options = { tabSize: 2, insertSpaces: true }): Promise<string> {
    const document = await parse(text);
    const edits = await bgptopo.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options });
    return TextDocument.applyEdits(document.textDocument, edits);
}

/** The parse as data: the AST without positions, and every diagnostic's code and message minus line numbers. */
async function meaning(text: string): Promise<{ ast: string; diagnostics: string[] }> {
    const document = await parse(text, { validation: true });
    return {
        ast: bgptopo.serializer.JsonSerializer.serialize(document.parseResult.value),
        diagnostics: (document.diagnostics ?? []).map((d) => `${codeOf(d)} ${d.message.replace(/line \d+/g, 'line N')}`).sort()
    };
}

describe('formatting the examples', () => {
    const files = readdirSync(EXAMPLES).filter((name) => name.endsWith('.bgptopo'));

    test('there are examples to format', () => {
        expect(files.length).toBeGreaterThanOrEqual(4);
    });

    test.each(files)('%s: idempotent and the parse is unchanged', async (name) => {
        const original = readFileSync(join(EXAMPLES, name), 'utf8');
        const once = await format(original);
        const twice = await format(once);
        expect(twice).toBe(once);
        expect(await meaning(once)).toEqual(await meaning(original));
        // The examples' one-line blocks keep their shape.
        for (const line of original.split('\n').filter((l) => /^\s*node .*\{.*\}\s*$/.test(l))) {
            expect(once).toContain(`{ ${line.slice(line.indexOf('{') + 1, line.lastIndexOf('}')).trim().replace(/\s{2,}/g, '  ')} }`);
        }
    });
});

describe('canonical layout', () => {
    test('a messy file is normalised', async () => {
        await formatting({
            before: [
                '  topology   t',
                'network a 10.0.0.0/8{role   pod}',
                'router   r1',
                '{',
                'asn 65000      # the fabric AS',
                '      address 10.0.0.1',
                '',
                '',
                '',
                '  ssh ops @ 10.0.0.1 : 22',
                'neighbor 10.0.0.0/8 remote-as 65001}',
                'vip v 10.0.0.5 { keepalived vrid 1',
                '\tholders r1 priority 1 ,',
                'r1 priority 2 }',
                'cluster c {',
                '    # nodes',
                '        node n1 control-plane { address 10.0.0.7    pod-cidr 10.0.1.0/24   }',
                '',
                '}   ',
                '/* trailing',
                '   block */   '
            ].join('\n'),
            after: [
                'topology t',
                'network a 10.0.0.0/8 { role pod }',
                'router r1 {',
                '  asn 65000      # the fabric AS',
                '  address 10.0.0.1',
                '',
                '  ssh ops@10.0.0.1:22',
                '  neighbor 10.0.0.0/8 remote-as 65001',
                '}',
                'vip v 10.0.0.5 {',
                '  keepalived vrid 1',
                '  holders r1 priority 1,',
                '    r1 priority 2',
                '}',
                'cluster c {',
                '  # nodes',
                '  node n1 control-plane { address 10.0.0.7  pod-cidr 10.0.1.0/24 }',
                '}',
                '/* trailing',
                '   block */',
                ''
            ].join('\n')
        });
    });

    test('one-line blocks separate options by two spaces and words by one', async () => {
        await formatting({
            before: 'topology t\nrouter r1 {asn 65000 address 10.0.0.1 bfd}\nnetwork n 10.1.0.0/16 {   role vpn interface "wg0"}\n',
            after: 'topology t\nrouter r1 { asn 65000  address 10.0.0.1  bfd }\nnetwork n 10.1.0.0/16 { role vpn  interface "wg0" }\n'
        });
    });

    test('bracketed IPv6 ssh targets are glued', async () => {
        await formatting({
            before: 'topology t\nrouter r1 {\n  ssh ops @ [ 2001:db8::1 ] : 2222\n}\n',
            after: 'topology t\nrouter r1 {\n  ssh ops@[2001:db8::1]:2222\n}\n'
        });
    });

    test('the editor options set the indentation unit', async () => {
        expect(await format('topology t\nrouter r1 {\nasn 65000\n}\n', { tabSize: 4, insertSpaces: true })).toBe('topology t\nrouter r1 {\n    asn 65000\n}\n');
        expect(await format('topology t\nrouter r1 {\nasn 65000\n}\n', { tabSize: 4, insertSpaces: false })).toBe('topology t\nrouter r1 {\n\tasn 65000\n}\n');
    });

    test('a document with a syntax error is left alone', async () => {
        expect(await format('topology t\nrouter   r1 {\n asn\n')).toBe('topology t\nrouter   r1 {\n asn\n');
    });

    test('range formatting only touches the range', async () => {
        const text = 'topology t\nrouter   a { asn 1 }\nrouter   b { asn 2 }\n';
        const document = await parse(text);
        const edits = await bgptopo.lsp.Formatter!.formatDocumentRange(document, {
            textDocument: { uri: document.uri.toString() },
            options: { tabSize: 2, insertSpaces: true },
            range: { start: { line: 2, character: 0 }, end: { line: 2, character: 20 } }
        });
        expect(TextDocument.applyEdits(document.textDocument, edits)).toBe('topology t\nrouter   a { asn 1 }\nrouter b { asn 2 }\n');
    });
});

describe('formatting the v2 syntax (labels, selectors with `or`, peer groups, families, dual-stack lists)', () => {
    const sources: Array<[string, () => Promise<string>]> = [
        ['peer-groups', async () => (await import('../../render/focused-topologies.js')).PEER_GROUPS],
        ['dual-stack-v2', async () => (await import('../../render/focused-topologies.js')).DUAL_STACK_V2]
    ];

    test.each(sources)('%s: idempotent and the parse is unchanged', async (_name, text) => {
        const original = await text();
        const once = await format(original);
        expect(await format(once)).toBe(once);
        expect(await meaning(once)).toEqual(await meaning(original));
    });

    test('messy v2 items are normalised: `KEY=VALUE` and `!=` glued, lists and `or` spaced', async () => {
        const messy = `topology t
network lan 10.0.0.0/24
network p4 10.244.0.0/16 { role pod }
network p6 fd00:244::/56 { role pod }
network lb 203.0.113.0/26 { role loadbalancer }
router r1 { asn 65000  address 10.0.0.1 }
cluster c {
  pod-network p4 ,p6
  metallb { asn 64512  pool lb
    peer r1 { speakers rack = a  or  rack!= b , tier=edge   families ipv4 ,ipv6 over   ipv6 }
  }
  node cp1 control-plane { address 10.0.0.11  labels rack = a ,tier=edge }
}
`;
        const once = await format(messy);
        expect(once).toContain('pod-network p4, p6');
        expect(once).toContain('speakers rack=a or rack!=b, tier=edge');
        expect(once).toContain('families ipv4, ipv6 over ipv6');
        expect(once).toContain('labels rack=a, tier=edge');
        expect(await format(once)).toBe(once);
        expect(await meaning(once)).toEqual(await meaning(messy));
    });
});

describe('formatting what is announced (LANGUAGE-V2 §13)', () => {
    test('a range is written A-B; communities stay one token each', async () => {
        const before = 'topology t\nnetwork lb 203.0.113.0/24 { role loadbalancer  range 203.0.113.10 - 203.0.113.20,  203.0.113.30 -203.0.113.40 }\n';
        const after = await format(before);
        expect(after).toContain('range 203.0.113.10-203.0.113.20, 203.0.113.30-203.0.113.40 }');
        expect(await meaning(after)).toEqual(await meaning(before));
    });
});
